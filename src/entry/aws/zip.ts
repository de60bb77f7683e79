// A minimal ZIP writer and reader for the Lambda packages. No zip library is among the
// dependencies and the `zip` command is missing on many machines and CI images, while Node has
// what the format needs: raw deflate (zlib.deflateRawSync) and CRC-32 (zlib.crc32, Node 22.2+).
// Only what Lambda's unzip needs is written: deflated or stored files, UTF-8 names, no ZIP64
// (a function's zip is limited to 50 MB anyway), no directories entries (paths imply them).
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { InputError } from '../../errors.ts';

export interface ZipEntry {
  /** Path inside the archive, `/`-separated, relative (e.g. `data/reference-instruments.json`). */
  name: string;
  data: Uint8Array;
}

const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY_SIGNATURE = 0x06054b50;
const LOCAL_HEADER_BYTES = 30;
const CENTRAL_HEADER_BYTES = 46;
const END_OF_CENTRAL_DIRECTORY_BYTES = 22;
const VERSION_NEEDED = 20; // 2.0: deflate
const VERSION_MADE_BY_UNIX = (3 << 8) | 20; // high byte 3: external attributes are Unix modes
const FLAG_UTF8_NAMES = 0x0800;
const METHOD_STORED = 0;
const METHOD_DEFLATED = 8;
// Every entry gets the same timestamp, 1980-01-01 00:00 (the format's epoch), so the same files
// always give the same bytes: Terraform's source_code_hash and Lambda's CodeSha256 then change
// only when the code does.
const DOS_TIME = 0;
const DOS_DATE = (1 << 5) | 1;
// A regular file readable by everyone (0o100644): Lambda runs the code as another user.
const FILE_ATTRIBUTES = (0o100644 << 16) >>> 0;
const MAX_32_BIT = 0xffffffff;

/** The archive's bytes; entries are written in name order so the output is reproducible. */
export function createZip(entries: readonly ZipEntry[]): Buffer {
  const sorted = [...entries].sort((left, right) => (left.name < right.name ? -1 : 1));
  const localParts: Buffer[] = [];
  const centralParts: Buffer[] = [];
  let offset = 0;
  for (const entry of sorted) {
    checkName(entry.name);
    const name = Buffer.from(entry.name, 'utf8');
    const deflated = deflateRawSync(entry.data, { level: 9 });
    const stored = deflated.length >= entry.data.length;
    const body = stored ? Buffer.from(entry.data) : deflated;
    if (offset + body.length > MAX_32_BIT || entry.data.length > MAX_32_BIT)
      throw InputError.field('zip', 'is over 4 GB, which needs ZIP64 (not supported)');
    const fields = {
      method: stored ? METHOD_STORED : METHOD_DEFLATED,
      crc: crc32(entry.data),
      compressedBytes: body.length,
      bytes: entry.data.length,
    };
    localParts.push(localHeader(name, fields), body);
    centralParts.push(centralHeader(name, fields, offset));
    offset += LOCAL_HEADER_BYTES + name.length + body.length;
  }
  const central = Buffer.concat(centralParts);
  const end = Buffer.alloc(END_OF_CENTRAL_DIRECTORY_BYTES);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY_SIGNATURE, 0);
  end.writeUInt16LE(sorted.length, 8);
  end.writeUInt16LE(sorted.length, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...localParts, central, end]);
}

/** The files of an archive written by createZip (or any ZIP without ZIP64), CRCs checked. */
export function readZip(archive: Buffer): ZipEntry[] {
  const endOffset = archive.length - END_OF_CENTRAL_DIRECTORY_BYTES;
  if (endOffset < 0 || archive.readUInt32LE(endOffset) !== END_OF_CENTRAL_DIRECTORY_SIGNATURE)
    throw InputError.field('zip', 'has no end-of-central-directory record (or has a comment)');
  const count = archive.readUInt16LE(endOffset + 10);
  let position = archive.readUInt32LE(endOffset + 16);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    if (archive.readUInt32LE(position) !== CENTRAL_HEADER_SIGNATURE)
      throw InputError.field('zip', `central directory entry ${index} is damaged`);
    const method = archive.readUInt16LE(position + 10);
    const crc = archive.readUInt32LE(position + 16);
    const compressedBytes = archive.readUInt32LE(position + 20);
    const nameBytes = archive.readUInt16LE(position + 28);
    const extraBytes = archive.readUInt16LE(position + 30);
    const commentBytes = archive.readUInt16LE(position + 32);
    const localOffset = archive.readUInt32LE(position + 42);
    const name = archive.toString('utf8', position + 46, position + 46 + nameBytes);
    const dataStart =
      localOffset +
      LOCAL_HEADER_BYTES +
      archive.readUInt16LE(localOffset + 26) +
      archive.readUInt16LE(localOffset + 28);
    const body = archive.subarray(dataStart, dataStart + compressedBytes);
    if (method !== METHOD_DEFLATED && method !== METHOD_STORED)
      throw InputError.field('zip', `${name} uses compression method ${method}`);
    const data = method === METHOD_DEFLATED ? inflateRawSync(body) : Buffer.from(body);
    if (crc32(data) !== crc) throw InputError.field('zip', `${name} fails its CRC-32 check`);
    entries.push({ name, data });
    position += CENTRAL_HEADER_BYTES + nameBytes + extraBytes + commentBytes;
  }
  return entries;
}

interface EntryFields {
  method: number;
  crc: number;
  compressedBytes: number;
  bytes: number;
}

function localHeader(name: Buffer, fields: EntryFields): Buffer {
  const header = Buffer.alloc(LOCAL_HEADER_BYTES);
  header.writeUInt32LE(LOCAL_HEADER_SIGNATURE, 0);
  header.writeUInt16LE(VERSION_NEEDED, 4);
  header.writeUInt16LE(FLAG_UTF8_NAMES, 6);
  header.writeUInt16LE(fields.method, 8);
  header.writeUInt16LE(DOS_TIME, 10);
  header.writeUInt16LE(DOS_DATE, 12);
  header.writeUInt32LE(fields.crc, 14);
  header.writeUInt32LE(fields.compressedBytes, 18);
  header.writeUInt32LE(fields.bytes, 22);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, name]);
}

function centralHeader(name: Buffer, fields: EntryFields, localOffset: number): Buffer {
  const header = Buffer.alloc(CENTRAL_HEADER_BYTES);
  header.writeUInt32LE(CENTRAL_HEADER_SIGNATURE, 0);
  header.writeUInt16LE(VERSION_MADE_BY_UNIX, 4);
  header.writeUInt16LE(VERSION_NEEDED, 6);
  header.writeUInt16LE(FLAG_UTF8_NAMES, 8);
  header.writeUInt16LE(fields.method, 10);
  header.writeUInt16LE(DOS_TIME, 12);
  header.writeUInt16LE(DOS_DATE, 14);
  header.writeUInt32LE(fields.crc, 16);
  header.writeUInt32LE(fields.compressedBytes, 20);
  header.writeUInt32LE(fields.bytes, 24);
  header.writeUInt16LE(name.length, 28);
  header.writeUInt32LE(FILE_ATTRIBUTES, 38);
  header.writeUInt32LE(localOffset, 42);
  return Buffer.concat([header, name]);
}

function checkName(name: string): void {
  if (name === '' || name.startsWith('/') || name.includes('\\') || name.split('/').includes('..'))
    throw InputError.field('zip entry', `"${name}" must be a relative path with / separators`);
}
