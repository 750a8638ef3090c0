// The one input reader of every command (audit, diagnose, doctor, and those to come): files, folders, `-`,
// .gz, .tar/.tar.gz/.tgz and .zip, read as streams (nothing is extracted to disk), decoded to UTF-8, classified
// once by content, and handed to the command whole or as text, as it asks; limits keep hostile input bounded.
// Inputs already in memory (`vpnphone ui`'s uploads, ReadOptions.memory) go the same way; with
// ReadOptions.hash every listed input gets its SHA-256 (the HTML report).
//
// Walking policy (the same for every command; README "Inputs"):
// - A path named on the command line is read whatever its name. It must be `-`, a folder or a regular file
//   (a link is followed to one); a FIFO, a device such as /dev/zero or a socket is refused (exit 2), never read.
// - Folders are walked recursively in name order. Skipped, as not evidence: hidden names (`.git`, `.DS_Store`),
//   `node_modules`, and documentation (`README*`, `*.md`) — notes beside the collected files often quote
//   failures that are not the deployment's own.
// - In a folder, a symbolic link to a regular file is read (under the link's name, wherever it points: the
//   user linked it in); a link to a folder is never followed (no loops, never out of the tree) and is
//   reported; a broken link, a FIFO, a device or a socket is reported, not read.
// - Inside archives links are never followed: link entries, devices, absolute or `..` names are refused.
// - Only regular files are read: a file is opened without blocking and checked again once open.
// Text: UTF-8, UTF-8 with a BOM, UTF-16 LE/BE with a BOM (as PowerShell writes it) all reach the command as
// UTF-8 without the BOM, whole or streamed. Sizes: `--max-size` (one default for all commands) bounds every
// input after decompression; inputs the configuration checks read whole are also held to 64 MiB.
import { createHash } from 'node:crypto';
import { constants, type Dirent, lstatSync, readdirSync, type Stats, statSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { ReadEntry } from 'tar';
import { classify, HEAD_BYTES, type InputKind } from '../inputs/classify.js';
import { bomLength, sniffEncoding, type TextEncoding, Utf16ToUtf8 } from '../inputs/decode.js';
import { writePieces } from '../inputs/pieces.js';
import {
  ArchiveError,
  inflateLimited,
  type RandomAccess,
  readZipDirectory,
  ZIP_MAGIC,
  zipMemberData,
  zipRefusal,
} from '../inputs/zip.js';
import { describeFsError, UsageError } from './errors.js';
import { DEFAULT_MAX_SIZE_MB } from './max-size.js';

export interface InputLimits {
  /** Bytes of one input after decompression (a file, an archive member, a .gz): `--max-size`. */
  maxFileBytes: number;
  /** Bytes of an input read whole (the configuration kinds): it is held in memory. */
  maxWholeBytes: number;
  /** Entries in one archive (files, folders, links...). */
  maxEntries: number;
  /** Bytes of one archive after decompression, nested members' own compression included. */
  maxArchiveBytes: number;
  /** Bytes decompressed in one run, over every input: the most inflating work a run does. */
  maxRunBytes: number;
  /** Archives inside archives. */
  maxDepth: number;
  /** Files found under the folders given. */
  maxFolderFiles: number;
  /** Inflated bytes per compressed byte of a zip member or a gzip stream (past its first MiB). */
  maxRatio: number;
  /** A zip inside a stream (an archive member, standard input) is held whole to reach its directory. */
  maxBufferedZipBytes: number;
}

const MAX_WHOLE_BYTES = 64 * 1024 ** 2;

export const DEFAULT_LIMITS: InputLimits = {
  maxFileBytes: DEFAULT_MAX_SIZE_MB * 1024 ** 2,
  maxWholeBytes: MAX_WHOLE_BYTES,
  maxEntries: 10_000,
  maxArchiveBytes: 4 * 1024 ** 3,
  maxRunBytes: 16 * 1024 ** 3,
  maxDepth: 3,
  maxFolderFiles: 10_000,
  maxRatio: 200,
  maxBufferedZipBytes: 256 * 1024 ** 2,
};

/** The limits for `--max-size MB`. */
export function limitsForMaxSize(mb: number): InputLimits {
  const bytes = mb * 1024 ** 2;
  return { ...DEFAULT_LIMITS, maxFileBytes: bytes, maxWholeBytes: Math.min(bytes, MAX_WHOLE_BYTES) };
}

/** Parses `--max-size` (a whole number of MB, at least 1). */
export function parseMaxSize(v: string | undefined): InputLimits {
  if (v === undefined) return DEFAULT_LIMITS;
  if (!/^\d+$/.test(v) || Number(v) < 1)
    throw new UsageError(`--max-size ${v}: expected a whole number of MB`);
  return limitsForMaxSize(Number(v));
}

/** One input once classified. */
export interface InputInfo {
  source: string;
  kind: InputKind;
  hint?: string;
  /** NUL bytes in its first 8 KiB (after decoding). */
  binary: boolean;
  encoding: TextEncoding;
  /** An archive member's modification time (ms), as the archive records it. */
  mtime?: number;
}

/** What a command wants of an input: its bytes whole, its text as a stream, both, or nothing. */
export interface Wants {
  whole?: boolean;
  text?: boolean;
}

/** Text of one input in chunks that end at line breaks (except the last): latin1, one char per UTF-8 byte. */
export interface TextSink {
  write(chunk: string): void;
  end(): void;
  /**
   * Offered for a plain file (UTF-8 or ASCII, within the size limit): the sink may read bytes
   * [start, end) of the file itself (worker threads over a large log) and say true, or say false to be
   * written to as usual. `end()` follows either way.
   */
  readFile?(path: string, start: number, end: number): Promise<boolean>;
}

export interface InputConsumer {
  wants(input: InputInfo): Wants;
  /** The whole input, as UTF-8 when it is text (BOM removed), when `whole` was wanted and it fit. */
  whole?(input: InputInfo, bytes: Uint8Array): void;
  text?(input: InputInfo): TextSink;
}

/** An entry of the report's `inputs`: every input, archive and refused path, in the order met. */
export interface ListedInput {
  source: string;
  kind: string;
  hint?: string;
  /** SHA-256 (hex) of its bytes as read: the file, the archive member (`ReadOptions.hash`). */
  sha256?: string;
}

/** An input already in memory (an upload to `vpnphone ui`), read exactly as a file of that name would be. */
export interface MemoryInput {
  source: string;
  bytes: Uint8Array;
}

export interface Rejection {
  source: string;
  reason: string;
}

export interface ReadResult {
  inputs: ListedInput[];
  rejected: Rejection[];
  /** The most bytes the reader held at once (read buffers, heads, whole inputs, carried partial lines). */
  peakHeld: number;
  /** Bytes decompressed (gzip and zip members), to show that a bomb was stopped early. */
  inflated: number;
}

export interface ReadOptions {
  limits?: InputLimits;
  stdin?: Readable;
  /** Inputs in memory, read after the paths (nothing is written to disk). */
  memory?: readonly MemoryInput[];
  /** Give every listed input its SHA-256 (the HTML report shows them); costs one more pass over each file. */
  hash?: boolean;
}

const GZIP_MAGIC = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
const TAR_MAGIC = (b: Buffer) => b.length >= 262 && b.toString('latin1', 257, 262) === 'ustar';
const READ_BUFFER = 1 << 20;
/** Compressed bytes handed to zlib at a time (see the ratio check). */
const GZIP_PIECE = 8 * 1024;

/** Names in folders that are not evidence (see the header). */
export function skippedName(name: string): boolean {
  return (
    name.startsWith('.') || name === 'node_modules' || /^readme(?:\.|$)/i.test(name) || /\.md$/i.test(name)
  );
}

function typeOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a folder';
  return 'not a regular file';
}

/** A step of the reading plan: a file to read, or a path the walk refused (reported where it was met). */
export type PlanItem = { file: string } | { source: string; reason: string };

/**
 * What the paths name, by the walking policy, in order, without reading anything (`-` is left out).
 * A named path that is missing or not a file or folder is a UsageError.
 */
export function planInputs(paths: readonly string[], limits: InputLimits = DEFAULT_LIMITS): PlanItem[] {
  const out: PlanItem[] = [];
  let files = 0;
  let full = false;
  const reject = (source: string, reason: string) => out.push({ source, reason });
  const add = (p: string) => {
    if (files >= limits.maxFolderFiles) {
      if (!full)
        reject(p, `more than ${limits.maxFolderFiles} files under the folders given; the rest were not read`);
      full = true;
      return;
    }
    files++;
    out.push({ file: p });
  };
  const walk = (dir: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
        a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
      );
    } catch (e) {
      reject(dir, `cannot read folder: ${describeFsError(e)}`);
      return;
    }
    for (const d of entries) {
      if (full) return;
      if (skippedName(d.name)) continue;
      const p = join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else if (d.isFile()) add(p);
      else if (d.isSymbolicLink()) {
        let st: Stats;
        try {
          st = statSync(p);
        } catch {
          reject(p, 'broken symbolic link; not read');
          continue;
        }
        if (st.isFile()) add(p);
        else if (st.isDirectory()) reject(p, 'symbolic link to a folder not followed');
        else reject(p, `symbolic link to ${typeOf(st)}; only regular files are read`);
      } else {
        let what = 'not a regular file';
        try {
          what = typeOf(lstatSync(p));
        } catch {}
        reject(p, `${what}; only regular files are read`);
      }
    }
  };
  for (const p of paths) {
    if (p === '-') continue;
    let st: Stats;
    try {
      st = statSync(p);
    } catch (e) {
      throw new UsageError(`cannot read ${p}: ${describeFsError(e)}`);
    }
    if (st.isDirectory()) walk(p);
    else if (st.isFile()) out.push({ file: p });
    else throw new UsageError(`cannot read ${p}: ${typeOf(st)}; only regular files and folders are read`);
  }
  return out;
}

/**
 * Reads every input and hands each, once classified, to the consumer. A named path that is missing or not a
 * file or folder is a UsageError (exit 2); everything wrong inside an input (corrupt gzip, traversal in an
 * archive, limits) is a rejection, and the run goes on.
 */
export async function readInputs(
  paths: readonly string[],
  consumer: InputConsumer,
  opts: ReadOptions = {},
): Promise<ReadResult> {
  const r = new Reader(consumer, opts.limits ?? DEFAULT_LIMITS, opts.hash === true);
  // Named paths are checked before anything is read: a typo fails fast, with nothing half-reported.
  const plan = paths.map((p) => (p === '-' ? '-' : planInputs([p], r.limits)));
  for (const step of plan) {
    if (step === '-')
      await r.readStream('stdin', r.hashed('stdin', opts.stdin ?? process.stdin), 0, r.hashing);
    else
      for (const item of step) {
        if ('file' in item) await r.readFile(item.file);
        else r.reject(item.source, item.reason);
      }
  }
  for (const m of opts.memory ?? [])
    await r.readMemory(m.source, Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.length));
  return { inputs: r.inputs, rejected: r.rejected, peakHeld: r.peak, inflated: r.inflated };
}

/** A buffer in pieces of a read's size, as a file's stream would come. */
async function* pieces(buf: Buffer): AsyncGenerator<Buffer> {
  for (let at = 0; at < buf.length; at += READ_BUFFER) yield buf.subarray(at, at + READ_BUFFER);
}

/** `first` followed by what `it` yields until at least `n` bytes (or the end): the head of a stream. */
async function readHead(it: AsyncIterator<Buffer>, n: number, first?: Buffer): Promise<Buffer> {
  const parts = first && first.length > 0 ? [first] : [];
  let size = first?.length ?? 0;
  while (size < n) {
    const r = await it.next();
    if (r.done) break;
    const b = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    parts.push(b);
    size += b.length;
  }
  return parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts);
}

async function* chain(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  for (;;) {
    const r = await rest.next();
    if (r.done) return;
    yield typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
  }
}

function iter(s: AsyncIterable<Buffer>): AsyncIterator<Buffer> {
  return s[Symbol.asyncIterator]();
}

/** Stops a stream past `max` bytes. */
async function* limited(src: AsyncIterable<Buffer>, max: number, message: string): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const c of src) {
    total += c.length;
    if (total > max) throw new ArchiveError(message);
    yield c;
  }
}

/** UTF-16 (BOM already removed) as UTF-8. */
async function* utf16(src: AsyncIterable<Buffer>, bigEndian: boolean): AsyncGenerator<Buffer> {
  const t = new Utf16ToUtf8(bigEndian);
  for await (const c of src) {
    const out = t.write(c);
    if (out.length > 0) yield out;
  }
  const last = t.end();
  if (last.length > 0) yield last;
}

/** A file's bytes from `position`, in fresh chunks. */
async function* fileChunks(fh: FileHandle, position: number): AsyncGenerator<Buffer> {
  let at = position;
  for (;;) {
    const b = Buffer.allocUnsafe(1 << 16);
    const { bytesRead } = await fh.read(b, 0, b.length, at);
    if (bytesRead === 0) return;
    at += bytesRead;
    yield b.subarray(0, bytesRead);
  }
}

function fileAccess(fh: FileHandle, size: number): RandomAccess {
  return {
    size,
    async read(position, length) {
      const b = Buffer.allocUnsafe(length);
      const { bytesRead } = await fh.read(b, 0, length, position);
      return b.subarray(0, bytesRead);
    },
  };
}

function bufferAccess(buf: Buffer): RandomAccess {
  return { size: buf.length, read: async (p, n) => buf.subarray(p, Math.min(buf.length, p + n)) };
}

function isBinaryHead(head: Uint8Array): boolean {
  return head.subarray(0, 8192).includes(0);
}

class Reader {
  readonly inputs: ListedInput[] = [];
  readonly rejected: Rejection[] = [];
  private readonly listed = new Map<string, ListedInput>();
  private holding = 0;
  peak = 0;
  /** Bytes decompressed so far in this run. */
  inflated = 0;
  /** The archives being read, outermost first, with the bytes decompressed inside each. */
  private readonly open: { name: string; inflated: number }[] = [];
  /** Modification times of archive members by source (nested members inherit their archive's entry). */
  private readonly memberTimes = new Map<string, number>();

  constructor(
    private readonly consumer: InputConsumer,
    readonly limits: InputLimits,
    readonly hashing = false,
  ) {}

  /** Hashes of streams read to their end before their entry was listed (a short member read by its head). */
  private readonly hashes = new Map<string, string>();

  private setHash(source: string, hex: string): void {
    const e = this.listed.get(source);
    if (e) e.sha256 = hex;
    else this.hashes.set(source, hex);
  }

  /** The stream, its SHA-256 taken on the way (when hashing) and set on its entry once read to the end. */
  hashed(source: string, src: AsyncIterable<Buffer> | Readable): AsyncIterable<Buffer> {
    const stream = src as AsyncIterable<Buffer>;
    if (!this.hashing) return stream;
    const self = this;
    return (async function* () {
      const h = createHash('sha256');
      for await (const c of stream) {
        const b = typeof c === 'string' ? Buffer.from(c) : c;
        h.update(b);
        yield b;
      }
      self.setHash(source, h.digest('hex'));
    })();
  }

  /** An input in memory: a zip read in place, anything else as a stream, like a file of that name. */
  async readMemory(source: string, buf: Buffer): Promise<void> {
    if (ZIP_MAGIC(buf))
      await this.guard(source, () => this.within(source, () => this.readZip(source, bufferAccess(buf), 0)));
    else await this.readStream(source, pieces(buf), 0, true);
    if (this.hashing) this.setHash(source, createHash('sha256').update(buf).digest('hex'));
  }

  /** A file's SHA-256, read once more from the start. */
  private async hashFile(path: string, fh: FileHandle): Promise<void> {
    const h = createHash('sha256');
    for await (const c of fileChunks(fh, 0)) h.update(c);
    this.setHash(path, h.digest('hex'));
  }

  private hold(n: number): void {
    this.holding += n;
    if (this.holding > this.peak) this.peak = this.holding;
  }

  private release(n: number): void {
    this.holding -= n;
  }

  private list(entry: ListedInput): void {
    const hash = this.hashes.get(entry.source);
    if (hash !== undefined) entry.sha256 = hash;
    this.inputs.push(entry);
    this.listed.set(entry.source, entry);
  }

  /** A refusal; an input not listed yet is listed as `rejected`, a listed one gets the reason as its hint. */
  reject(source: string, reason: string): void {
    this.rejected.push({ source, reason });
    const had = this.listed.get(source);
    if (had) {
      if (had.kind !== 'archive') had.hint = reason;
    } else this.list({ source, kind: 'rejected' });
  }

  /**
   * Counts decompressed bytes against every archive being read and the run, so a member's own compression
   * (a .gz inside a .tar.gz) is counted after inflation, not at its compressed size (issue 15).
   */
  private async *counted(source: string, src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const c of src) {
      this.inflated += c.length;
      if (this.inflated > this.limits.maxRunBytes)
        throw new ArchiveError(
          `${source}: more than ${formatBytes(this.limits.maxRunBytes)} decompressed in this run; stopped (limit)`,
        );
      for (const a of this.open) {
        a.inflated += c.length;
        if (a.inflated > this.limits.maxArchiveBytes)
          throw new ArchiveError(
            `${source}: ${a.name} expands past ${formatBytes(this.limits.maxArchiveBytes)}; stopped (limit)`,
          );
      }
      yield c;
    }
  }

  /** Reads an archive with its budget open, so nested members count against it. */
  private async within(name: string, f: () => Promise<void>): Promise<void> {
    this.open.push({ name, inflated: 0 });
    try {
      await f();
    } finally {
      this.open.pop();
    }
  }

  private classified(source: string, head: Buffer, encoding: TextEncoding): InputInfo {
    const c = classify(source, head);
    const info: InputInfo = { source, kind: c.kind, binary: isBinaryHead(head), encoding };
    if (c.hint !== undefined) info.hint = c.hint;
    const mtime = this.memberTimes.get(source);
    if (mtime !== undefined) info.mtime = mtime;
    this.list({ source, kind: c.kind, ...(c.hint !== undefined ? { hint: c.hint } : {}) });
    return info;
  }

  async readFile(path: string): Promise<void> {
    let fh: FileHandle;
    try {
      // Non-blocking: a FIFO swapped in after the walk must not hang the run; fstat below refuses it.
      fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (e) {
      this.reject(path, `cannot read: ${describeFsError(e)}`);
      return;
    }
    const first = Buffer.allocUnsafe(READ_BUFFER);
    this.hold(READ_BUFFER);
    try {
      const st = await fh.stat();
      if (!st.isFile()) {
        this.reject(path, `${typeOf(st)}; only regular files are read`);
        return;
      }
      const filled = (await fh.read(first, 0, READ_BUFFER, 0)).bytesRead;
      const head = first.subarray(0, filled);
      const encoding = sniffEncoding(head);
      if (ZIP_MAGIC(head))
        await this.guard(path, () => this.within(path, () => this.readZip(path, fileAccess(fh, st.size), 0)));
      else if (GZIP_MAGIC(head) || TAR_MAGIC(head) || encoding === 'utf16le' || encoding === 'utf16be')
        await this.readStream(path, chain(head, fileChunks(fh, filled)), 0, false);
      else await this.guard(path, () => this.readPlain(path, fh, first, filled, st.size, encoding));
      if (this.hashing) await this.hashFile(path, fh);
    } catch (e) {
      this.reject(path, `cannot read: ${describeFsError(e)}`);
    } finally {
      this.release(READ_BUFFER);
      await fh.close();
    }
  }

  private async guard(source: string, f: () => Promise<void>): Promise<void> {
    try {
      await f();
    } catch (e) {
      if (e instanceof ArchiveError) this.reject(source, e.message);
      else throw e;
    }
  }

  /** A plain file (no compression, no archive, UTF-8 or ASCII): read in place, the common case. */
  private async readPlain(
    path: string,
    fh: FileHandle,
    first: Buffer,
    filled: number,
    size: number,
    encoding: TextEncoding,
  ): Promise<void> {
    const skip = bomLength(encoding);
    const info = this.classified(path, first.subarray(skip, Math.min(filled, skip + HEAD_BYTES)), encoding);
    const want = this.consumer.wants(info);
    if (want.whole) {
      if (size > this.limits.maxWholeBytes) {
        this.reject(path, tooLargeWhole(size, this.limits));
        if (!want.text) return;
      } else {
        const whole = Buffer.allocUnsafe(size);
        this.hold(size);
        try {
          first.copy(whole, 0, 0, Math.min(filled, size));
          let at = Math.min(filled, size);
          while (at < size) {
            const n = (await fh.read(whole, at, size - at, at)).bytesRead;
            if (n === 0) break;
            at += n;
          }
          const bytes = whole.subarray(skip, at);
          this.consumer.whole?.(info, bytes);
          if (want.text) {
            const sink = this.consumer.text?.(info);
            if (sink) {
              writePieces(sink, bytes, 0, bytes.length);
              sink.end();
            }
          }
        } finally {
          this.release(size);
        }
        return;
      }
    }
    if (!want.text) return;
    const sink = this.consumer.text?.(info);
    if (!sink) return;
    if (sink.readFile && size <= this.limits.maxFileBytes) {
      let read = false;
      try {
        read = await sink.readFile(path, skip, size);
      } catch (e) {
        sink.end();
        throw e;
      }
      if (read) {
        sink.end();
        return;
      }
    }
    await this.streamPlain(path, fh, first, filled, skip, sink);
  }

  /**
   * The hot path for a plain text log: read into two reused buffers in turn (no allocation per chunk, which
   * otherwise drives the garbage collector), cut at the last line break of each read; the next read runs
   * (in libuv's thread pool) while this one is scanned.
   */
  private async streamPlain(
    path: string,
    fh: FileHandle,
    first: Buffer,
    firstFilled: number,
    skip: number,
    sink: TextSink,
  ): Promise<void> {
    let pending: Promise<{ bytesRead: number }> | undefined;
    let buf: Buffer = first;
    let spare: Buffer = Buffer.allocUnsafe(READ_BUFFER);
    this.hold(READ_BUFFER);
    let filled = firstFilled;
    let from = skip;
    let position = filled;
    let total = filled;
    try {
      for (;;) {
        // A short read means the end of the file: everything left is handed on.
        if (filled < READ_BUFFER) {
          if (filled > from) writePieces(sink, buf, from, filled);
          break;
        }
        const last = buf.lastIndexOf(10, filled - 1);
        // The partial line after the last break starts the other buffer; the next read fills it up.
        const carry = last < from ? 0 : buf.copy(spare, 0, last + 1, filled);
        pending = fh.read(spare, carry, READ_BUFFER - carry, position);
        // No line break in a full buffer: one over-long line, handed on as it is (the scanner cuts it).
        if (last < from) sink.write(buf.toString('latin1', from, filled));
        else writePieces(sink, buf, from, last + 1);
        from = 0;
        const n = (await pending).bytesRead;
        pending = undefined;
        [buf, spare] = [spare, buf];
        position += n;
        total += n;
        if (total > this.limits.maxFileBytes)
          throw new ArchiveError(
            `${path}: larger than ${formatBytes(this.limits.maxFileBytes)}; read up to the limit`,
          );
        filled = carry + n;
        if (n === 0) {
          if (filled > 0) writePieces(sink, buf, 0, filled);
          break;
        }
      }
    } finally {
      await pending?.catch(() => {});
      this.release(READ_BUFFER);
      sink.end();
    }
  }

  /** Sniffs a stream (gzip, tar, zip, UTF-16, binary, text) and hands it on; a defect becomes a rejection. */
  async readStream(
    source: string,
    stream: AsyncIterable<Buffer> | Readable,
    depth: number,
    drain: boolean,
  ): Promise<void> {
    const it = iter(stream as AsyncIterable<Buffer>);
    try {
      await this.sniffed(source, it, depth, drain);
    } catch (e) {
      if (e instanceof ArchiveError) this.reject(source, e.message);
      else throw e;
    }
  }

  private async sniffed(
    source: string,
    it: AsyncIterator<Buffer>,
    depth: number,
    drain: boolean,
  ): Promise<void> {
    let head = await readHead(it, 512);
    let rest = it;
    if (GZIP_MAGIC(head)) {
      // Compressed bytes handed to zlib so far: the ratio below refuses a bomb after a few MiB, not GiBs.
      let packed = 0;
      // Handed in small pieces: zlib's output per piece is what a bomb gets to expand before the check.
      const input = async function* (src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
        for await (const c of src) {
          for (let i = 0; i < c.length; i += GZIP_PIECE) {
            const piece = c.subarray(i, i + GZIP_PIECE);
            packed += piece.length;
            yield piece;
          }
        }
      };
      const ratio = this.limits.maxRatio;
      const checked = async function* (src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
        let out = 0;
        for await (const c of src) {
          out += c.length;
          if (out > Math.max(1024 * 1024, packed * ratio))
            throw new ArchiveError(
              `${source}: expands more than ${ratio} times (a gzip bomb?); stopped (limit)`,
            );
          yield c;
        }
      };
      const gz = limited(
        this.counted(
          source,
          checked(
            inflateLimited(input(chain(head, rest)), createGunzip({ chunkSize: 64 * 1024 }), source, 'gzip'),
          ),
        ),
        this.limits.maxFileBytes,
        `${source}: more than ${formatBytes(this.limits.maxFileBytes)} after decompression; stopped (limit)`,
      );
      rest = iter(gz);
      head = await readHead(rest, 512);
    }
    if (TAR_MAGIC(head) || ZIP_MAGIC(head)) {
      if (depth >= this.limits.maxDepth)
        throw new ArchiveError(`${source}: archives nested deeper than ${this.limits.maxDepth}`);
      if (TAR_MAGIC(head)) {
        this.list({ source, kind: 'archive' });
        await this.within(source, () => this.readTar(source, chain(head, rest), depth + 1));
        return;
      }
      // The directory is at the end: a zip that arrives as a stream is held (up to a limit) to reach it.
      const parts: Buffer[] = [];
      let size = 0;
      try {
        for await (const c of chain(head, rest)) {
          size += c.length;
          this.hold(c.length);
          if (size > this.limits.maxBufferedZipBytes)
            throw new ArchiveError(
              `${source}: a zip inside an archive or on standard input larger than ${formatBytes(this.limits.maxBufferedZipBytes)} is not read; extract it first`,
            );
          parts.push(c);
        }
        await this.within(source, () => this.readZip(source, bufferAccess(Buffer.concat(parts)), depth));
      } finally {
        this.release(size);
      }
      return;
    }
    const encoding = sniffEncoding(head);
    let body: AsyncIterable<Buffer> = chain(head.subarray(bomLength(encoding)), rest);
    if (encoding === 'utf16le' || encoding === 'utf16be') body = utf16(body, encoding === 'utf16be');
    const decoded = iter(body);
    head = await readHead(decoded, HEAD_BYTES);
    this.hold(head.length);
    try {
      const info = this.classified(source, head.subarray(0, HEAD_BYTES), encoding);
      await this.deliver(info, head, decoded, drain);
    } finally {
      this.release(head.length);
    }
  }

  /** Hands a decoded stream to the consumer as it asked (whole, text, both, or nothing). */
  private async deliver(
    info: InputInfo,
    head: Buffer,
    rest: AsyncIterator<Buffer>,
    drain: boolean,
  ): Promise<void> {
    const want = this.consumer.wants(info);
    if (!want.whole && !want.text) {
      if (drain) for (let r = await rest.next(); !r.done; r = await rest.next());
      return;
    }
    const source = info.source;
    const sink = want.text ? this.consumer.text?.(info) : undefined;
    let parts: Buffer[] | undefined = want.whole ? [] : undefined;
    let held = 0;
    let tooLarge = false;
    let total = 0;
    // Decoded up to the last line break of each chunk: a break byte never sits inside a UTF-8 sequence.
    let carry: Buffer | undefined;
    try {
      for await (const chunk of chain(head, rest)) {
        total += chunk.length;
        if (total > this.limits.maxFileBytes)
          throw new ArchiveError(
            `${source}: larger than ${formatBytes(this.limits.maxFileBytes)}; read up to the limit`,
          );
        if (parts) {
          if (total > this.limits.maxWholeBytes) {
            tooLarge = true;
            parts = undefined;
            this.release(held);
            held = 0;
            if (!sink) break;
          } else {
            parts.push(chunk);
            this.hold(chunk.length);
            held += chunk.length;
          }
        }
        if (!sink) continue;
        const last = chunk.lastIndexOf(10);
        if (last < 0) {
          carry = carry ? Buffer.concat([carry, chunk]) : chunk;
          if (carry.length > 1 << 20) {
            sink.write(carry.toString('latin1'));
            carry = undefined;
          }
          continue;
        }
        let from = 0;
        if (carry) {
          // Only the partial line is copied, never the whole chunk.
          const firstBreak = chunk.indexOf(10);
          sink.write(Buffer.concat([carry, chunk.subarray(0, firstBreak + 1)]).toString('latin1'));
          from = firstBreak + 1;
        }
        if (from <= last) writePieces(sink, chunk, from, last + 1);
        carry = last + 1 < chunk.length ? Buffer.from(chunk.subarray(last + 1)) : undefined;
      }
      if (carry && sink) sink.write(carry.toString('latin1'));
      if (tooLarge) this.reject(source, tooLargeWhole(total, this.limits, !sink));
      else if (parts) this.consumer.whole?.(info, Buffer.concat(parts));
    } finally {
      this.release(held);
      sink?.end();
    }
    if (tooLarge && drain) for (let r = await rest.next(); !r.done; r = await rest.next());
  }

  private async readZip(source: string, access: RandomAccess, depth: number): Promise<void> {
    this.list({ source, kind: 'archive' });
    const { members, more } = await readZipDirectory(access, this.limits);
    const budget = { inflated: 0 };
    for (const m of members) {
      if (m.directory) continue;
      const name = `${source}!${m.name}`;
      const why = zipRefusal(m);
      if (why) {
        this.reject(name, why);
        continue;
      }
      const data = zipMemberData(access, m, this.limits, budget, name);
      await this.readStream(
        name,
        this.hashed(name, m.method === 0 ? data : this.counted(name, data)),
        depth + 1,
        true,
      );
      if (budget.inflated > this.limits.maxArchiveBytes) {
        this.reject(
          source,
          `${source}: more than ${formatBytes(this.limits.maxArchiveBytes)} of content; stopped (limit)`,
        );
        return;
      }
    }
    if (more) this.reject(source, `${source}: more than ${this.limits.maxEntries} entries; stopped (limit)`);
  }

  /** Reads a tar stream (already decompressed) entry by entry, with backpressure. */
  private async readTar(archive: string, body: AsyncIterable<Buffer>, depth: number): Promise<void> {
    // tar loads with the first archive, not with every command (issue 15).
    const { Parser } = await import('tar');
    const limits = this.limits;
    let entries = 0;
    let total = 0;
    let stop: ArchiveError | undefined;
    let work: Promise<void> = Promise.resolve();
    const parser = new Parser({
      strict: false,
      onReadEntry: (entry: ReadEntry) => {
        entries++;
        const name = `${archive}!${entry.path}`;
        const refuse = (why: string) => {
          this.reject(name, why);
          entry.resume();
        };
        if (stop) return entry.resume();
        if (entries > limits.maxEntries) {
          stop = new ArchiveError(`${archive}: more than ${limits.maxEntries} entries; stopped (limit)`);
          return entry.resume();
        }
        if (entry.type === 'Directory') return entry.resume();
        if (entry.type === 'SymbolicLink' || entry.type === 'Link')
          return refuse(`link entry refused (${entry.type} -> ${entry.linkpath ?? '?'})`);
        if (entry.type !== 'File' && entry.type !== 'OldFile' && entry.type !== 'ContiguousFile')
          return refuse(`entry type ${entry.type} refused`);
        const p = entry.path;
        if (p.startsWith('/') || /^[A-Za-z]:/.test(p) || p.split(/[\\/]/).includes('..'))
          return refuse('absolute path or `..` in the entry name refused');
        const size = entry.size ?? 0;
        const mtime = entry.mtime?.getTime();
        if (mtime !== undefined && Number.isFinite(mtime)) this.memberTimes.set(name, mtime);
        if (size > limits.maxFileBytes) {
          stop = new ArchiveError(
            `${name}: entry of ${formatBytes(size)} exceeds the limit of ${formatBytes(limits.maxFileBytes)}; archive reading stopped`,
          );
          return entry.resume();
        }
        total += size;
        if (total > limits.maxArchiveBytes) {
          stop = new ArchiveError(
            `${archive}: more than ${formatBytes(limits.maxArchiveBytes)} of content; stopped (limit)`,
          );
          return entry.resume();
        }
        // Entries are read one after another: the parser waits (backpressure) until this one is consumed.
        // A member refused part-way (a bomb) is then discarded, so the parser is not left waiting on it.
        work = work
          .then(() => this.readStream(name, this.hashed(name, entry as unknown as Readable), depth, true))
          .then(() => {
            entry.resume();
          });
        return undefined;
      },
    });
    let parseError: Error | undefined;
    parser.on('error', (e: Error) => {
      parseError = e;
    });
    parser.on('warn', (_code: string, message: string | Error) => {
      if (!parseError) parseError = message instanceof Error ? message : new Error(String(message));
    });
    try {
      for await (const chunk of body) {
        if (stop) break;
        if (!parser.write(chunk)) await drainedOr(parser, work);
      }
    } finally {
      if (!stop) parser.end();
      await work;
    }
    if (stop) throw stop;
    if (parseError && entries === 0)
      throw new ArchiveError(`${archive}: not a readable tar archive (${parseError.message})`);
    if (parseError) this.reject(archive, `archive damaged: ${parseError.message}`);
  }
}

/**
 * Waits until `e` drains, fails or closes, or `other` settles, and removes its listeners either way: `once`
 * left a pair behind each time the entry's work won the race (a warning on stderr, issue 15).
 */
async function drainedOr(e: NodeJS.EventEmitter, other: Promise<void>): Promise<void> {
  let done = () => {};
  const drained = new Promise<void>((resolve) => {
    done = resolve;
  });
  e.on('drain', done);
  e.on('error', done);
  e.on('close', done);
  try {
    await Promise.race([drained, other]);
  } finally {
    e.off('drain', done);
    e.off('error', done);
    e.off('close', done);
  }
}

function tooLargeWhole(size: number, limits: InputLimits, notRead = true): string {
  return `larger than ${formatBytes(limits.maxWholeBytes)} (${formatBytes(size)}${notRead ? '' : ' or more'}), the most a configuration input is read whole; ${notRead ? 'not read' : 'its text was read as a log only'}`;
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(n % 1024 ** 3 ? 1 : 0)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(n % 1024 ** 2 ? 1 : 0)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KiB`;
  return `${n} bytes`;
}
