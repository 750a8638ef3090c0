// Reads what the engineer collected: files, folders, `-` (stdin), gzip files and tar/tar.gz archives (PRTs),
// all as streams (nothing is extracted to disk), with limits so a corrupt or hostile archive cannot exhaust memory.
import { once } from 'node:events';
import { createReadStream, lstatSync, readdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { describeFsError, UsageError } from './io.js';

export interface InputLimits {
  /** Entries in one archive (files, folders, links...). */
  maxEntries: number;
  /** Bytes of one file after decompression (archive member or .gz). */
  maxFileBytes: number;
  /** Bytes of one archive after decompression. */
  maxArchiveBytes: number;
  /** Archives inside archives. */
  maxDepth: number;
  /** Files found under the folders given. */
  maxFolderFiles: number;
}

export const DEFAULT_LIMITS: InputLimits = {
  maxEntries: 10_000,
  maxFileBytes: 2 * 1024 ** 3,
  maxArchiveBytes: 4 * 1024 ** 3,
  maxDepth: 3,
  maxFolderFiles: 10_000,
};

/** One input's text, in chunks: each character is one byte of the input (latin1). */
export interface TextSink {
  write(chunk: string): void;
  end(): void;
}

/** Raw bytes of one input (doctor hands configuration files and certificates to the audit). */
export interface RawSink {
  write(chunk: Buffer): void;
  end(): void;
}

export interface InputVisitor {
  /**
   * Offered every file first (text or binary) with up to HEAD_BYTES of its start; a sink returned here
   * receives all its bytes, besides the text path below. Optional.
   */
  raw?(source: string, head: Buffer): RawSink | undefined;
  /** A text input starts; `head` is its first bytes decoded (for classification). */
  text(source: string, head: string): TextSink;
  /** Not text (NUL bytes in its first block): reported, not read, unless `taken` by the raw sink. */
  binary(source: string, taken: boolean): void;
  /** An archive was opened (it is listed among the inputs). */
  archive(source: string): void;
  /** An input or archive member was refused or cut short, with the reason. */
  rejected(source: string, reason: string): void;
}

/** Raised inside the reader to stop one archive with a message; never escapes readInputs. */
class InputRejected extends Error {
  override readonly name = 'InputRejected';
}

const GZIP_MAGIC = (b: Buffer) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
const TAR_MAGIC = (b: Buffer) => b.length >= 262 && b.toString('latin1', 257, 262) === 'ustar';

/**
 * Visits every input. A path that does not exist is a UsageError (exit 2); everything wrong inside an
 * input (corrupt gzip, traversal in an archive, limits) is reported through `visitor.rejected`.
 */
export async function readInputs(
  paths: readonly string[],
  visitor: InputVisitor,
  limits: InputLimits = DEFAULT_LIMITS,
  stdin: Readable = process.stdin,
): Promise<void> {
  for (const p of paths) {
    if (p === '-') {
      await readStream('-', stdin, visitor, limits, 0);
      continue;
    }
    let st: ReturnType<typeof lstatSync>;
    try {
      st = lstatSync(p);
    } catch (e) {
      throw new UsageError(`cannot read ${p}: ${describeFsError(e)}`);
    }
    if (st.isDirectory()) {
      const files: string[] = [];
      walk(p, files, limits.maxFolderFiles, visitor);
      for (const f of files) await readFile(f, visitor, limits);
    } else if (st.isFile()) {
      await readFile(p, visitor, limits);
    } else {
      visitor.rejected(p, 'not a regular file or folder');
    }
  }
}

function walk(dir: string, out: string[], max: number, visitor: InputVisitor): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    visitor.rejected(dir, `cannot read folder: ${describeFsError(e)}`);
    return;
  }
  for (const name of names) {
    // Hidden files and a folder's README (how the examples describe themselves) are not evidence.
    if (name.startsWith('.') || /^readme(?:\.\w+)?$/i.test(name)) continue;
    const p = join(dir, name);
    const st = lstatSync(p);
    // Links are not followed: a collected folder should not lead out of itself.
    if (st.isSymbolicLink()) visitor.rejected(p, 'symbolic link not followed');
    else if (st.isDirectory()) walk(p, out, max, visitor);
    else if (st.isFile()) {
      if (out.length >= max) {
        visitor.rejected(p, `more than ${max} files under the folders given; the rest were not read`);
        return;
      }
      out.push(p);
    }
  }
}

async function readFile(path: string, visitor: InputVisitor, limits: InputLimits): Promise<void> {
  try {
    if (await readPlainText(path, visitor, limits)) return;
  } catch (e) {
    if (e instanceof InputRejected) {
      visitor.rejected(path, e.message);
      return;
    }
    visitor.rejected(path, `cannot read: ${describeFsError(e)}`);
    return;
  }
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    await readStream(path, stream, visitor, limits, 0);
  } catch (e) {
    visitor.rejected(path, `cannot read: ${describeFsError(e)}`);
  } finally {
    stream.destroy();
  }
}

const READ_BUFFER = 1 << 20;

/**
 * The hot path for the common case, a plain text log: read into two reused buffers in turn (no allocation
 * per chunk, which otherwise drives the garbage collector), cut at the last line break of each read; the
 * next read runs (in libuv's thread pool) while this one is scanned.
 * Returns false, having consumed nothing, when the file is compressed, an archive, binary, or when the
 * visitor wants raw bytes: the stream path reads those.
 */
async function readPlainText(path: string, visitor: InputVisitor, limits: InputLimits): Promise<boolean> {
  if (visitor.raw) return false;
  const fh = await open(path, 'r');
  let pending: Promise<{ bytesRead: number }> | undefined;
  try {
    let buf = Buffer.allocUnsafe(READ_BUFFER);
    let spare = Buffer.allocUnsafe(READ_BUFFER);
    let filled = (await fh.read(buf, 0, READ_BUFFER, 0)).bytesRead;
    const head = buf.subarray(0, filled);
    if (GZIP_MAGIC(head) || TAR_MAGIC(head) || head.subarray(0, 8192).includes(0)) return false;
    const sink = visitor.text(path, head.subarray(0, 512).toString('utf8'));
    let position = filled;
    let total = filled;
    try {
      for (;;) {
        // A short read means the end of the file: everything left is handed on.
        if (filled < READ_BUFFER) {
          if (filled > 0) writePieces(sink, buf, filled);
          break;
        }
        const last = buf.lastIndexOf(10, filled - 1);
        // The partial line after the last break starts the other buffer; the next read fills it up.
        const carry = last < 0 ? 0 : buf.copy(spare, 0, last + 1, filled);
        pending = fh.read(spare, carry, READ_BUFFER - carry, position);
        // No line break in a full buffer: one over-long line, handed on as it is (the scanner cuts it).
        if (last < 0) sink.write(buf.toString('latin1', 0, filled));
        else writePieces(sink, buf, last + 1);
        const n = (await pending).bytesRead;
        pending = undefined;
        [buf, spare] = [spare, buf];
        position += n;
        total += n;
        if (total > limits.maxFileBytes)
          throw new InputRejected(
            `${path}: larger than ${formatBytes(limits.maxFileBytes)}; read up to the limit`,
          );
        filled = carry + n;
        if (n === 0) {
          if (filled > 0) writePieces(sink, buf, filled);
          break;
        }
      }
    } finally {
      sink.end();
    }
    return true;
  } finally {
    await pending?.catch(() => {});
    await fh.close();
  }
}

/**
 * Text pieces handed to the sink at a time. Strings up to this size live in V8's young generation and die
 * there cheaply; a string of a megabyte goes to the large-object space, and decoding one costs four times
 * as much (page faults, full collections) as the scan that follows.
 */
const PIECE = 64 * 1024;

/** buf[0, end) (end just after a line break) as latin1 pieces of about PIECE bytes, each ending at a line break. */
function writePieces(sink: TextSink, buf: Buffer, end: number): void {
  let from = 0;
  while (from < end) {
    let to = end;
    if (end - from > PIECE) {
      const nl = buf.lastIndexOf(10, from + PIECE - 1);
      // A line longer than a piece goes whole (up to its own break).
      to = nl >= from ? nl + 1 : buf.indexOf(10, from + PIECE) + 1;
      if (to <= from || to > end) to = end;
    }
    sink.write(buf.toString('latin1', from, to));
    from = to;
  }
}

/** `first` followed by what `it` yields until at least `n` bytes (or the end): the head of a stream. */
async function readHead(it: AsyncIterator<Buffer>, n: number, first?: Buffer): Promise<Buffer> {
  const parts = first ? [first] : [];
  let size = first?.length ?? 0;
  while (size < n) {
    const r = await it.next();
    if (r.done) break;
    const b = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    parts.push(b);
    size += b.length;
  }
  return Buffer.concat(parts);
}

/** Reads the first `n` bytes of a stream (or all of it, if shorter) and gives back a stream of everything. */
async function peek(stream: Readable, n: number): Promise<{ head: Buffer; rest: AsyncIterator<Buffer> }> {
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return { head: await readHead(it, n), rest: it };
}

async function* chain(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  for (;;) {
    const r = await rest.next();
    if (r.done) return;
    yield typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
  }
}

/** The bytes a classifier sees of each input (the audit's HEAD_BYTES). */
export const HEAD_BYTES = 256 * 1024;

/** Passes chunks through while copying them to a raw sink (ended when the stream ends or fails). */
async function* tee(src: AsyncIterable<Buffer>, sink: RawSink): AsyncGenerator<Buffer> {
  try {
    for await (const c of src) {
      sink.write(c);
      yield c;
    }
  } finally {
    sink.end();
  }
}

/** Decompresses with a byte limit; the limit and a corrupt stream end in InputRejected. */
async function* gunzipLimited(
  src: AsyncIterable<Buffer>,
  max: number,
  source: string,
): AsyncGenerator<Buffer> {
  const gz = createGunzip({ chunkSize: 64 * 1024 });
  let failed: Error | undefined;
  gz.on('error', (e) => {
    failed = e;
  });
  const feed = (async () => {
    try {
      for await (const c of src) {
        if (failed) return;
        if (!gz.write(c)) await Promise.race([once(gz, 'drain'), once(gz, 'error').catch(() => {})]);
      }
      gz.end();
    } catch (e) {
      gz.destroy(e as Error);
    }
  })();
  let total = 0;
  try {
    for await (const out of gz) {
      total += (out as Buffer).length;
      if (total > max) {
        throw new InputRejected(
          `${source}: more than ${formatBytes(max)} after decompression; stopped (limit)`,
        );
      }
      yield out as Buffer;
    }
  } catch (e) {
    if (e instanceof InputRejected) throw e;
    throw new InputRejected(`${source}: corrupt or truncated gzip data (${(e as Error).message})`);
  } finally {
    gz.destroy();
    await feed.catch(() => {});
  }
  if (failed) throw new InputRejected(`${source}: corrupt or truncated gzip data (${failed.message})`);
}

/** Sniffs a stream (gzip, tar, binary, text) and hands it to the visitor. */
async function readStream(
  source: string,
  stream: AsyncIterable<Buffer> | Readable,
  visitor: InputVisitor,
  limits: InputLimits,
  depth: number,
): Promise<void> {
  try {
    await readSniffed(source, stream, visitor, limits, depth);
  } catch (e) {
    if (e instanceof InputRejected) visitor.rejected(source, e.message);
    else throw e;
  }
}

async function readSniffed(
  source: string,
  stream: AsyncIterable<Buffer> | Readable,
  visitor: InputVisitor,
  limits: InputLimits,
  depth: number,
): Promise<void> {
  const src = stream as Readable;
  let { head, rest } = await peek(src, 512);
  let body: AsyncIterable<Buffer> = chain(head, rest);
  if (GZIP_MAGIC(head)) {
    const gz = gunzipLimited(body, limits.maxFileBytes, source);
    const p = await peek(gz as unknown as Readable, 512);
    head = p.head;
    rest = p.rest;
    body = chain(head, rest);
  }
  if (TAR_MAGIC(head)) {
    if (depth >= limits.maxDepth)
      throw new InputRejected(`${source}: archives nested deeper than ${limits.maxDepth}`);
    visitor.archive(source);
    await readTar(source, body, visitor, limits, depth + 1);
    return;
  }
  if (visitor.raw) {
    // Classifiers look further than the magic numbers: give them up to HEAD_BYTES.
    head = await readHead(rest, HEAD_BYTES, head);
    body = chain(head, rest);
  }
  const raw = visitor.raw?.(source, head);
  if (raw) body = tee(body, raw);
  if (head.subarray(0, 8192).includes(0)) {
    visitor.binary(source, raw !== undefined);
    for await (const _ of body) {
      // drained so the source closes (and the raw sink gets everything)
    }
    return;
  }
  // Decoded up to the last line break of each chunk: a break byte never sits inside a UTF-8 sequence, and
  // Buffer#toString on whole lines is much faster than a streaming decoder.
  let carry: Buffer | undefined;
  const sink = visitor.text(source, head.toString('utf8'));
  let total = 0;
  try {
    for await (const chunk of body) {
      total += chunk.length;
      if (total > limits.maxFileBytes)
        throw new InputRejected(
          `${source}: larger than ${formatBytes(limits.maxFileBytes)}; read up to the limit`,
        );
      const last = chunk.lastIndexOf(10);
      if (last < 0) {
        carry = carry ? Buffer.concat([carry, chunk]) : chunk;
        if (carry.length > 1 << 20) {
          sink.write(decode(carry));
          carry = undefined;
        }
        continue;
      }
      let from = 0;
      if (carry) {
        // Only the partial line is copied, never the whole chunk.
        const first = chunk.indexOf(10);
        sink.write(decode(Buffer.concat([carry, chunk.subarray(0, first + 1)])));
        from = first + 1;
      }
      if (from <= last) sink.write(decode(chunk.subarray(from, last + 1)));
      carry = last + 1 < chunk.length ? Buffer.from(chunk.subarray(last + 1)) : undefined;
    }
    if (carry) sink.write(decode(carry));
  } finally {
    sink.end();
  }
}

/** Reads a tar stream (already decompressed) entry by entry, with backpressure. */
async function readTar(
  archive: string,
  body: AsyncIterable<Buffer>,
  visitor: InputVisitor,
  limits: InputLimits,
  depth: number,
): Promise<void> {
  let entries = 0;
  let total = 0;
  let stop: InputRejected | undefined;
  let work: Promise<void> = Promise.resolve();
  const parser = new Parser({
    strict: false,
    onReadEntry: (entry: ReadEntry) => {
      entries++;
      const name = `${archive}!${entry.path}`;
      const refuse = (why: string) => {
        visitor.rejected(name, why);
        entry.resume();
      };
      if (stop) return entry.resume();
      if (entries > limits.maxEntries) {
        stop = new InputRejected(`${archive}: more than ${limits.maxEntries} entries; stopped (limit)`);
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
      if (size > limits.maxFileBytes) {
        stop = new InputRejected(
          `${name}: entry of ${formatBytes(size)} exceeds the limit of ${formatBytes(limits.maxFileBytes)}; archive reading stopped`,
        );
        return entry.resume();
      }
      total += size;
      if (total > limits.maxArchiveBytes) {
        stop = new InputRejected(
          `${archive}: more than ${formatBytes(limits.maxArchiveBytes)} of content; stopped (limit)`,
        );
        return entry.resume();
      }
      // Entries are read one after another: the parser waits (backpressure) until this one is consumed.
      work = work.then(() => readStream(name, entry as unknown as Readable, visitor, limits, depth));
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
  for await (const chunk of body) {
    if (stop) break;
    if (!parser.write(chunk)) await Promise.race([once(parser, 'drain'), work]);
  }
  if (!stop) parser.end();
  await work;
  if (stop) throw stop;
  if (parseError && entries === 0)
    throw new InputRejected(`${archive}: not a readable tar archive (${parseError.message})`);
  if (parseError) visitor.rejected(archive, `archive damaged: ${parseError.message}`);
}

/**
 * Bytes as latin1 characters (one char per byte, the cheapest decoding there is). Logs are nearly always
 * ASCII; the parser turns the few lines it keeps back into UTF-8 where they are not (LogParser `latin1`).
 */
function decode(b: Buffer): string {
  return b.toString('latin1');
}

function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(n % 1024 ** 3 ? 1 : 0)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(n % 1024 ** 2 ? 1 : 0)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KiB`;
  return `${n} bytes`;
}
