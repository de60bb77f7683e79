/** What a note declares between its opening `---` lines, plus the text after them. */
export interface FrontMatter {
  /** `key: value` pairs; a value written `[a, b]` is a list. Keys are lower-cased. */
  attributes: Record<string, string | string[]>;
  /** The document without its front matter. */
  body: string;
}

const DELIMITER = /^---\s*$/;
const ATTRIBUTE = /^([A-Za-z][\w-]*)\s*:\s*(.*)$/;

/**
 * Read the simple front matter the starter corpus uses: `key: value` lines and `[a, b]` lists
 * between two `---` lines at the very top. This is the subset of YAML that notes need; nested
 * maps, multi-line values and anchors are not supported, so a line that is not `key: value`
 * is ignored rather than guessed at. A document without front matter has no attributes.
 */
export function parseFrontMatter(text: string): FrontMatter {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (!DELIMITER.test(lines[0] ?? '')) return { attributes: {}, body: lines.join('\n') };
  const end = lines.findIndex((line, index) => index > 0 && DELIMITER.test(line));
  if (end < 0) return { attributes: {}, body: lines.join('\n') };

  const attributes: Record<string, string | string[]> = {};
  for (const line of lines.slice(1, end)) {
    const match = ATTRIBUTE.exec(line.trim());
    if (!match?.[1]) continue;
    attributes[match[1].toLowerCase()] = parseValue(match[2] ?? '');
  }
  return { attributes, body: lines.slice(end + 1).join('\n') };
}

function parseValue(raw: string): string | string[] {
  const value = raw.trim();
  if (value.startsWith('[') && value.endsWith(']')) {
    return value
      .slice(1, -1)
      .split(',')
      .map((item) => unquote(item.trim()))
      .filter((item) => item.length > 0);
  }
  return unquote(value);
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value);
  return quoted ? (quoted[2] ?? '') : value;
}
