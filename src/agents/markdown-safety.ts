// What a report may contain when text in it came from someone else. Reports are markdown read
// in CommonMark and GitHub-flavoured renderers (the web app, GitHub, editors), and a renderer
// fetches an image as soon as it shows one: a note title or an account name that carried
// `![](http://tracker/p.png)` would put a tracking pixel in every report that quotes it.
//
// The rule, for every writer:
// - A string a user or a document supplied (user, account, fund and note names) is plain text
//   in a report: `markdownText` escapes what could start markup, and defuses web addresses
//   (`http\://`, `www\.`, `a\@b`), so a renderer shows the characters and links nothing.
// - A model's markdown never carries an image, a link, an autolink or raw HTML:
//   `withoutLinksOrImages` keeps a link's words, drops images and link definitions, and
//   defuses bare addresses. Reports cite research notes by id (`[note-id]`) and the payload's
//   `sources` list holds the notes as data; no source has a web address, so no host is
//   linkable.

// Backslash-escapable characters (CommonMark 2.4) that start inline markup, tables or HTML.
const MARKUP_CHARACTERS = /[\\`*_[\]<>|~&@]/g;

/** User or document text made inert inside a markdown line or table cell. */
export function markdownText(text: string): string {
  return defuseAddresses(
    text
      .replace(/\s+/g, ' ')
      .trim()
      .replace(MARKUP_CHARACTERS, (character) => `\\${character}`),
  );
}

// An odd number of backslashes before a character escapes it; an even number does not.
const UNESCAPED = String.raw`(?<=(?:^|[^\\])(?:\\\\)*)`;

const IMAGE = new RegExp(String.raw`${UNESCAPED}!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])?`, 'g');
const INLINE_LINK = new RegExp(String.raw`${UNESCAPED}\[([^\]]*)\]\([^)]*\)`, 'g');
const LINK_DEFINITION = /^ {0,3}\[[^\]]+\]:.*$/gm;
const ANGLE_BRACKET = new RegExp(String.raw`${UNESCAPED}<`, 'g');

/** A model's markdown with images removed and every link reduced to its words. */
export function withoutLinksOrImages(markdown: string): string {
  let previous: string;
  let current = markdown;
  // Nested forms (a link around an image) come apart one layer per pass.
  do {
    previous = current;
    current = current
      .replace(IMAGE, '')
      .replace(INLINE_LINK, '$1')
      .replace(LINK_DEFINITION, '')
      .replace(ANGLE_BRACKET, '\\<');
  } while (current !== previous);
  return defuseAddresses(current);
}

/**
 * `http://x` → `http\://x`, `www.x` → `www\.x`, `a@b.c` → `a\@b.c`: the characters are shown,
 * but a renderer's autolinking (GitHub's extended autolinks) no longer finds an address.
 */
function defuseAddresses(text: string): string {
  return text
    .replace(new RegExp(String.raw`${UNESCAPED}:(?=//)`, 'g'), '\\:')
    .replace(new RegExp(String.raw`\b(www)${UNESCAPED}\.`, 'gi'), '$1\\.')
    .replace(new RegExp(String.raw`(?<=\w)${UNESCAPED}@(?=\w)`, 'g'), '\\@');
}
