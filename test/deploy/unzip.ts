// A minimal zip reader for the packaged artifacts (stored and deflated entries, no zip64, no encryption):
// Node has no unzip, and the CI machine may have no `unzip` command. Layout per PKWARE APPNOTE.TXT §4.3:
// end of central directory (0x06054b50) → central directory headers (0x02014b50) → local headers (0x04034b50).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** Uncompressed size, bytes. */
  size: number;
  /** The uncompressed bytes. */
  data(): Buffer;
}

export function readZip(zip: Buffer): ZipEntry[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip file (no end of central directory record)');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory header at ${at}`);
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + compressed);
    if (method !== 0 && method !== 8) throw new Error(`${name}: compression method ${method} not supported`);
    entries.push({ name, size, data: () => (method === 0 ? Buffer.from(raw) : inflateRawSync(raw)) });
  }
  return entries;
}

/** Writes every entry under `dir`; returns the total uncompressed bytes. */
export function extractZip(zip: Buffer, dir: string): number {
  let total = 0;
  for (const entry of readZip(zip)) {
    const target = join(dir, normalize(entry.name));
    if (!target.startsWith(dir)) throw new Error(`entry escapes the target directory: ${entry.name}`);
    mkdirSync(dirname(target), { recursive: true });
    const data = entry.data();
    if (data.length !== entry.size) throw new Error(`${entry.name}: ${data.length} bytes, directory says ${entry.size}`);
    writeFileSync(target, data);
    total += data.length;
  }
  return total;
}
