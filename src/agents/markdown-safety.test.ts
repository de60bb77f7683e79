import { describe, expect, it } from 'vitest';
import { markdownText, withoutLinksOrImages } from './markdown-safety.ts';

const HOSTILE_TITLE = '![](http://evil.example/p.png) [Claim](http://evil.example/login)';

describe('markdownText', () => {
  it('makes an image and a link in a title plain characters', () => {
    expect(markdownText(HOSTILE_TITLE)).toBe(
      String.raw`!\[\](http\://evil.example/p.png) \[Claim\](http\://evil.example/login)`,
    );
  });

  it('defuses bare web addresses, e-mail addresses, HTML and table pipes', () => {
    expect(markdownText('see www.evil.example or me@evil.example')).toBe(
      String.raw`see www\.evil.example or me\@evil.example`,
    );
    expect(markdownText('<img src=x> a|b *c* `d`')).toBe(
      String.raw`\<img src=x\> a\|b \*c\* \`d\``,
    );
  });

  it('leaves ordinary names readable', () => {
    expect(markdownText('Roth IRA (2024), 401k 6% match')).toBe('Roth IRA (2024), 401k 6% match');
  });
});

describe('withoutLinksOrImages', () => {
  it('drops images and keeps the words of links', () => {
    expect(withoutLinksOrImages(`Read ${HOSTILE_TITLE} now.`)).toBe('Read  Claim now.');
  });

  it('takes apart a link around an image, reference links and their definitions', () => {
    const markdown =
      '[![x](http://evil.example/a.png)](http://evil.example) and [here][r]\n\n[r]: http://evil.example/r';
    expect(withoutLinksOrImages(markdown)).toBe(' and [here][r]\n\n');
  });

  it('makes autolinks, raw HTML and bare addresses plain text', () => {
    expect(
      withoutLinksOrImages('<http://evil.example> <img src="http://evil.example/p.png">'),
    ).toBe(String.raw`\<http\://evil.example> \<img src="http\://evil.example/p.png">`);
    expect(withoutLinksOrImages('www.evil.example, ops@evil.example')).toBe(
      String.raw`www\.evil.example, ops\@evil.example`,
    );
  });

  it('sees through an escaped backslash before an image', () => {
    expect(withoutLinksOrImages(String.raw`\\![](http://evil.example/p.png)`)).toBe(String.raw`\\`);
  });

  it('leaves escaped markup and citations alone', () => {
    const text = String.raw`Cited [note-1]; !\[\](http\://evil.example/p.png) stays text.`;
    expect(withoutLinksOrImages(text)).toBe(text);
  });
});
