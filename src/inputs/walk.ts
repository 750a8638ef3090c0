// The edge of the audit: reads files, folders (recursively) and standard input, with size limits. All fs access is here.
import { lstatSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface WalkedInput {
  source: string;
  bytes: Uint8Array;
  /** Set when the input was not read (too large, unreadable inside a folder): reported as unrecognized-input. */
  skip?: string;
}

export interface WalkOptions {
  /** Largest file read, in bytes (default 64 MiB); larger files are reported, not read. */
  maxFileBytes?: number;
  /** Most files taken from folders (default 10,000). */
  maxFiles?: number;
  /** Reads standard input (for `-`); the default reads fd 0. */
  readStdin?: (limit: number) => Uint8Array;
}

export class InputError extends Error {
  override readonly name = 'InputError';
}

export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

function describe(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  return (e as Error).message;
}

/** Reads fd 0 up to `limit` bytes (+1 to detect overflow). */
export function readStdinSync(limit: number): Uint8Array {
  const chunks: Buffer[] = [];
  let total = 0;
  const buf = Buffer.alloc(1 << 16);
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
    total += n;
    if (total > limit) break;
  }
  return new Uint8Array(Buffer.concat(chunks));
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/**
 * Expands paths into inputs in a stable order. A path named on the command line that cannot be
 * read throws InputError (the command cannot run); problems inside folders become skipped inputs.
 */
export function walkInputs(paths: readonly string[], opts: WalkOptions = {}): WalkedInput[] {
  const maxFile = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const maxFiles = opts.maxFiles ?? 10_000;
  const out: WalkedInput[] = [];
  let fromFolders = 0;

  const readFile = (path: string, named: boolean): void => {
    let size: number;
    try {
      size = statSync(path).size;
    } catch (e) {
      if (named) throw new InputError(`cannot read ${path}: ${describe(e)}`);
      out.push({ source: path, bytes: new Uint8Array(), skip: `unreadable: ${describe(e)}` });
      return;
    }
    if (size > maxFile) {
      out.push({
        source: path,
        bytes: new Uint8Array(),
        skip: `too large (${mb(size)} > ${mb(maxFile)} limit): not read; split it or raise --max-size`,
      });
      return;
    }
    try {
      out.push({ source: path, bytes: new Uint8Array(readFileSync(path)) });
    } catch (e) {
      if (named) throw new InputError(`cannot read ${path}: ${describe(e)}`);
      out.push({ source: path, bytes: new Uint8Array(), skip: `unreadable: ${describe(e)}` });
    }
  };

  const walkDir = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (e) {
      out.push({ source: dir, bytes: new Uint8Array(), skip: `unreadable folder: ${describe(e)}` });
      return;
    }
    for (const name of names) {
      // Hidden files, dependencies and documentation beside the collected files are not inputs.
      if (
        name.startsWith('.') ||
        name === 'node_modules' ||
        /^readme(\.|$)/i.test(name) ||
        /\.md$/i.test(name)
      )
        continue;
      const p = join(dir, name);
      let st: ReturnType<typeof lstatSync>;
      try {
        st = lstatSync(p);
      } catch {
        continue;
      }
      // Symbolic links to folders are not followed (no loops); links to files are read.
      if (st.isDirectory()) walkDir(p);
      else if (st.isFile() || st.isSymbolicLink()) {
        if (st.isSymbolicLink()) {
          try {
            if (!statSync(p).isFile()) continue;
          } catch {
            continue;
          }
        }
        if (++fromFolders > maxFiles) {
          if (fromFolders === maxFiles + 1)
            out.push({
              source: dir,
              bytes: new Uint8Array(),
              skip: `more than ${maxFiles} files: the rest were not read`,
            });
          continue;
        }
        readFile(p, false);
      }
    }
  };

  for (const path of paths) {
    if (path === '-') {
      const bytes = (opts.readStdin ?? readStdinSync)(maxFile);
      if (bytes.length > maxFile)
        out.push({
          source: 'stdin',
          bytes: new Uint8Array(),
          skip: `too large (more than ${mb(maxFile)}): not read`,
        });
      else out.push({ source: 'stdin', bytes });
      continue;
    }
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(path);
    } catch (e) {
      throw new InputError(`cannot read ${path}: ${describe(e)}`);
    }
    if (st.isDirectory()) walkDir(path);
    else readFile(path, true);
  }
  return out;
}
