import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createZip, readZip } from './zip.ts';

const text = (value: string) => new TextEncoder().encode(value);

describe('createZip', () => {
  it('round-trips files, deflating compressible ones and storing the rest', () => {
    const repeated = text('export const handler = () => 1;\n'.repeat(200));
    const tiny = text('x');
    const archive = createZip([
      { name: 'index.mjs', data: repeated },
      { name: 'data/tiny.txt', data: tiny },
    ]);
    const entries = readZip(archive);
    expect(entries.map((entry) => entry.name)).toEqual(['data/tiny.txt', 'index.mjs']);
    expect(Buffer.from(entries[1]?.data ?? []).equals(Buffer.from(repeated))).toBe(true);
    expect(new TextDecoder().decode(entries[0]?.data)).toBe('x');
    expect(archive.length).toBeLessThan(repeated.length / 10);
  });

  it('writes the headers Lambda reads: signatures, UTF-8 flag, CRC, sizes and Unix mode', () => {
    const data = text('hello');
    const archive = createZip([{ name: 'index.mjs', data }]);
    expect(archive.readUInt32LE(0)).toBe(0x04034b50);
    expect(archive.readUInt16LE(6)).toBe(0x0800);
    expect(archive.readUInt32LE(14)).toBe(crc32(data));
    expect(archive.readUInt32LE(22)).toBe(5);
    const central = archive.readUInt32LE(archive.length - 22 + 16);
    expect(archive.readUInt32LE(central)).toBe(0x02014b50);
    expect(archive.readUInt32LE(central + 38) >>> 16).toBe(0o100644);
    expect(archive.readUInt16LE(archive.length - 22 + 10)).toBe(1);
  });

  it('gives the same bytes for the same files in any order', () => {
    const first = createZip([
      { name: 'a.txt', data: text('a') },
      { name: 'b.txt', data: text('b') },
    ]);
    const second = createZip([
      { name: 'b.txt', data: text('b') },
      { name: 'a.txt', data: text('a') },
    ]);
    expect(first.equals(second)).toBe(true);
  });

  it('refuses absolute paths, backslashes and parent references', () => {
    for (const name of ['/etc/passwd', 'data\\x.json', '../x', '']) {
      expect(() => createZip([{ name, data: text('x') }])).toThrowError(/relative path/);
    }
  });

  it('reading notices a damaged file', () => {
    const archive = createZip([{ name: 'index.mjs', data: text('a'.repeat(100)) }]);
    const damaged = Buffer.from(archive);
    damaged[40] = (damaged[40] ?? 0) ^ 0xff;
    expect(() => readZip(damaged)).toThrowError(/CRC-32|invalid/);
    expect(() => readZip(Buffer.from('not a zip at all, just text'))).toThrowError(
      /end-of-central-directory/,
    );
  });
});
