// A small, bounded zip reader (Windows "Send to compressed folder", RTMT exports): central directory, stored
// and deflate members, zip64; members come out as streams, and every limit or defect is an ArchiveError.
import * as zlib from 'node:zlib';
import { createInflateRaw, type Gunzip, type InflateRaw } from 'node:zlib';

/** A defect or a limit met in an archive; the message names the archive or member and says what happened. */
export class ArchiveError extends Error {
  override readonly name = 'ArchiveError';
}

/** Random access to the archive's bytes (a file handle, or a buffer for a zip inside a stream). */
export interface RandomAccess {
  size: number;
  /** Up to `length` bytes at `position` (fewer only at the end). */
  read(position: number, length: number): Promise<Buffer>;
}

export interface ZipLimits {
  maxEntries: number;
  /** Bytes of one member after inflation. */
  maxFileBytes: number;
  /** Bytes of all members after inflation. */
  maxArchiveBytes: number;
  /** Inflated bytes per compressed byte past the first MiB of a member (deflate's own maximum is about 1032). */
  maxRatio: number;
}

export interface ZipMember {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of the local header. */
  offset: number;
  directory: boolean;
  /** Unix file type bits of the external attributes when the archive was made on Unix (0 otherwise). */
  unixType: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

export const ZIP_MAGIC = (b: Uint8Array): boolean =>
  b.length >= 4 &&
  b[0] === 0x50 &&
  b[1] === 0x4b &&
  ((b[2] === 3 && b[3] === 4) || (b[2] === 5 && b[3] === 6));

function u64(b: Buffer, at: number): number {
  const v = b.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ArchiveError('zip64 value out of range');
  return Number(v);
}

async function readExact(src: RandomAccess, position: number, length: number, what: string): Promise<Buffer> {
  if (position < 0 || position + length > src.size)
    throw new ArchiveError(`truncated: the ${what} lies past the end of the file`);
  const b = await src.read(position, length);
  if (b.length < length) throw new ArchiveError(`truncated: the ${what} lies past the end of the file`);
  return b;
}

/** The members listed in the central directory, in its order; `more` when entries past maxEntries were left out. */
export async function readZipDirectory(
  src: RandomAccess,
  limits: ZipLimits,
): Promise<{ members: ZipMember[]; more: boolean }> {
  // The end record is in the last 22 bytes plus a comment of at most 65,535 bytes.
  const tailLength = Math.min(src.size, 22 + 0xffff);
  const tail = await readExact(src, src.size - tailLength, tailLength, 'end of the archive');
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new ArchiveError('no end of central directory: truncated, or not a zip archive');
  let entries = tail.readUInt16LE(at + 10);
  let cdSize = tail.readUInt32LE(at + 12);
  let cdOffset = tail.readUInt32LE(at + 16);
  if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const eocdPos = src.size - tailLength + at;
    const loc = await readExact(src, eocdPos - 20, 20, 'zip64 end locator');
    if (loc.readUInt32LE(0) !== ZIP64_LOCATOR) throw new ArchiveError('zip64 end locator missing');
    const rec = await readExact(src, u64(loc, 8), 56, 'zip64 end record');
    if (rec.readUInt32LE(0) !== ZIP64_EOCD) throw new ArchiveError('zip64 end record missing');
    entries = u64(rec, 32);
    cdSize = u64(rec, 40);
    cdOffset = u64(rec, 48);
  }
  if (cdOffset + cdSize > src.size)
    throw new ArchiveError('truncated: the central directory lies past the end');
  // Entries past the limit are never listed: the directory is read only as far as needed.
  const listed = Math.min(entries, limits.maxEntries);
  const cd = await readExact(src, cdOffset, cdSize, 'central directory');
  const out: ZipMember[] = [];
  let p = 0;
  for (let n = 0; n < listed; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL)
      throw new ArchiveError(`damaged central directory at entry ${n + 1}`);
    const madeBy = cd.readUInt16LE(p + 4) >> 8;
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const crc = cd.readUInt32LE(p + 16);
    let compressedSize = cd.readUInt32LE(p + 20);
    let size = cd.readUInt32LE(p + 24);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    const external = cd.readUInt32LE(p + 38);
    let offset = cd.readUInt32LE(p + 42);
    const end = p + 46 + nameLength + extraLength + commentLength;
    if (end > cd.length) throw new ArchiveError(`damaged central directory at entry ${n + 1}`);
    const rawName = cd.subarray(p + 46, p + 46 + nameLength);
    // Bit 11: the name is UTF-8; otherwise code page 437, read as latin1 (the same for ASCII names).
    const name = rawName.toString(flags & 0x800 ? 'utf8' : 'latin1');
    // zip64 extra field: the 64-bit values, in this order, for the fields set to 0xffffffff.
    let x = p + 46 + nameLength;
    const xEnd = x + extraLength;
    while (x + 4 <= xEnd) {
      const id = cd.readUInt16LE(x);
      const len = cd.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        const take = (): number => {
          if (q + 8 > x + 4 + len) throw new ArchiveError(`${name}: damaged zip64 field`);
          const v = u64(cd, q);
          q += 8;
          return v;
        };
        if (size === 0xffffffff) size = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (offset === 0xffffffff) offset = take();
      }
      x += 4 + len;
    }
    const unixType = madeBy === 3 ? (external >>> 16) & S_IFMT : 0;
    const directory = name.endsWith('/') || unixType === S_IFDIR || (external & 0x10) !== 0;
    out.push({ name, method, flags, crc, compressedSize, size, offset, directory, unixType });
    p = end;
  }
  checkOverlap(out);
  return { members: out, more: entries > limits.maxEntries };
}

/**
 * Members whose data overlap are the trick of the smallest zip bombs (one compressed stream counted many
 * times); no archiver writes them.
 */
function checkOverlap(members: readonly ZipMember[]): void {
  const byOffset = members.filter((m) => !m.directory).sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < byOffset.length; i++) {
    const prev = byOffset[i - 1];
    const cur = byOffset[i];
    if (prev && cur && prev.offset + 30 + prev.compressedSize > cur.offset)
      throw new ArchiveError(`members ${prev.name} and ${cur.name} overlap (a zip bomb?); not read`);
  }
}

/** Why a member is not read, or undefined when it is a plain file to read. */
export function zipRefusal(m: ZipMember): string | undefined {
  if (m.unixType === S_IFLNK) return 'link entry refused';
  if (m.unixType !== 0 && m.unixType !== S_IFREG) return 'entry type other than a file refused';
  const n = m.name;
  if (n.startsWith('/') || n.startsWith('\\') || /^[A-Za-z]:/.test(n) || n.split(/[\\/]/).includes('..'))
    return 'absolute path or `..` in the entry name refused';
  if (m.flags & 0x1) return 'encrypted entry refused (no password is ever asked for)';
  if (m.method !== 0 && m.method !== 8)
    return `compression method ${m.method} not supported (only stored and deflate)`;
  return undefined;
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** zlib's own CRC-32 where Node has it (20.15 and later), about ten times faster than the table below. */
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

function crc32(crc: number, b: Uint8Array): number {
  return nativeCrc32 ? nativeCrc32(b, crc) >>> 0 : crc32ByTable(crc, b);
}

/** CRC-32 continued over `b` (exported for its test: Node versions with zlib.crc32 never run it). */
export function crc32ByTable(crc: number, b: Uint8Array): number {
  let c = ~crc;
  for (let i = 0; i < b.length; i++) c = (CRC_TABLE[(c ^ (b[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  return ~c >>> 0;
}

/** Shared by the members of one archive: inflated bytes so far. */
export interface ZipBudget {
  inflated: number;
}

/**
 * A member's bytes, inflated, checked against its declared size, CRC-32, the limits and the ratio.
 * `label` names the member in messages.
 */
export async function* zipMemberData(
  src: RandomAccess,
  m: ZipMember,
  limits: ZipLimits,
  budget: ZipBudget,
  label: string,
): AsyncGenerator<Buffer> {
  if (m.size > limits.maxFileBytes)
    throw new ArchiveError(
      `${label}: declared size past the limit of ${limits.maxFileBytes} bytes; not read`,
    );
  const local = await readExact(src, m.offset, 30, `local header of ${m.name}`);
  if (local.readUInt32LE(0) !== LOCAL) throw new ArchiveError(`${label}: damaged local header`);
  const start = m.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (start + m.compressedSize > src.size)
    throw new ArchiveError(`${label}: truncated (its data runs past the end of the archive)`);
  const ratioCap = Math.max(1024 * 1024, m.compressedSize * limits.maxRatio);
  async function* compressed(): AsyncGenerator<Buffer> {
    for (let at = 0; at < m.compressedSize; ) {
      const n = Math.min(1 << 16, m.compressedSize - at);
      const b = await src.read(start + at, n);
      if (b.length === 0) throw new ArchiveError(`${label}: truncated`);
      at += b.length;
      yield b;
    }
  }
  const body = m.method === 0 ? compressed() : inflateLimited(compressed(), createInflateRaw(), label);
  let out = 0;
  let crc = 0;
  for await (const chunk of body) {
    out += chunk.length;
    budget.inflated += chunk.length;
    if (out > m.size)
      throw new ArchiveError(
        `${label}: more data than its declared ${m.size} bytes (a lying header); stopped`,
      );
    if (out > ratioCap)
      throw new ArchiveError(`${label}: expands more than ${limits.maxRatio} times (a zip bomb?); stopped`);
    if (budget.inflated > limits.maxArchiveBytes)
      throw new ArchiveError(
        `${label}: the archive expands past ${limits.maxArchiveBytes} bytes; stopped (limit)`,
      );
    crc = crc32(crc, chunk);
    yield chunk;
  }
  if (out !== m.size)
    throw new ArchiveError(`${label}: ${out} bytes where ${m.size} were declared (truncated)`);
  if (crc !== m.crc) throw new ArchiveError(`${label}: CRC-32 mismatch (damaged data)`);
}

/**
 * Resolves when `z` drains, fails or closes, and leaves no listener behind: racing `once(z, 'error')` added
 * one per wait, and a long gzip log filled the emitter past its warning threshold (issue 15).
 */
function drainedOrDone(z: InflateRaw | Gunzip): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      z.off('drain', done);
      z.off('error', done);
      z.off('close', done);
      resolve();
    };
    z.on('drain', done);
    z.on('error', done);
    z.on('close', done);
  });
}

/**
 * Runs compressed chunks through a zlib stream with backpressure; a corrupt or truncated stream ends in
 * ArchiveError. Used for deflate members here and for gzip files by the input reader.
 */
export async function* inflateLimited(
  src: AsyncIterable<Buffer>,
  z: InflateRaw | Gunzip,
  label: string,
  what = 'deflate',
): AsyncGenerator<Buffer> {
  let failed: Error | undefined;
  z.on('error', (e) => {
    failed = e;
  });
  let feedError: unknown;
  const feed = (async () => {
    try {
      for await (const c of src) {
        if (failed) return;
        if (!z.write(c)) await drainedOrDone(z);
      }
      z.end();
    } catch (e) {
      feedError = e;
      z.destroy(e as Error);
    }
  })();
  try {
    for await (const out of z) yield out as Buffer;
  } catch (e) {
    if (feedError instanceof ArchiveError) throw feedError;
    if (e instanceof ArchiveError) throw e;
    throw new ArchiveError(`${label}: corrupt or truncated ${what} data (${(e as Error).message})`);
  } finally {
    z.destroy();
    await feed.catch(() => {});
  }
  if (feedError instanceof ArchiveError) throw feedError;
  if (failed) throw new ArchiveError(`${label}: corrupt or truncated ${what} data (${failed.message})`);
}
