// File input/output of the commands with clear errors, and option parsing they share; no heavy imports
// (no yaml, zod or X.509), so a command that does not read a deployment does not load them.
import { closeSync, constants, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseMac } from '../model/mac.js';
import { describeFsError, UsageError } from './errors.js';

/** Files a command reads whole (deployments, certificates, keys) are far smaller than this. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/**
 * A regular file's bytes, at most `maxBytes`. Opened non-blocking and checked on the open
 * descriptor, so a FIFO never blocks, a device (`/dev/zero`) is never read, and a file swapped
 * after the check is not the one read. Throws an Error with a `code` (ENOTREG, EFBIG or the
 * system's) and a message that says which.
 */
export function readRegularFile(path: string, maxBytes = MAX_FILE_BYTES): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      const kind = st.isFIFO() ? 'a FIFO' : st.isDirectory() ? 'a directory' : 'a device or socket';
      throw Object.assign(new Error(`not a regular file (${kind})`), { code: 'ENOTREG' });
    }
    if (st.size > maxBytes) throw tooBig(maxBytes);
    // Read one byte past the size seen: a file that grew meanwhile is refused, not cut.
    const buf = Buffer.alloc(st.size + 1);
    let n = 0;
    for (;;) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n === buf.length) throw tooBig(maxBytes);
    }
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function tooBig(maxBytes: number): Error {
  return Object.assign(new Error(`larger than ${Math.round(maxBytes / 1024 / 1024)} MiB`), { code: 'EFBIG' });
}

/** A file's bytes; `what` names it in the error (`cannot read certificate phone.pem: ...`). */
export function readBytes(path: string, what?: string): Buffer {
  try {
    return readRegularFile(path);
  } catch (e) {
    throw new UsageError(`cannot read ${what ? `${what} ` : ''}${path}: ${describeFsError(e)}`);
  }
}

export function readText(path: string, what?: string): string {
  return readBytes(path, what).toString('utf8');
}

/** Writes a file (`mode` for private keys) or throws UsageError `cannot write FILE: ...`. */
export function writeFile(path: string, data: string | Uint8Array, mode?: number): void {
  try {
    writeFileSync(path, data, mode === undefined ? undefined : { mode });
  } catch (e) {
    throw new UsageError(`cannot write ${path}: ${describeFsError(e)}`);
  }
}

/** Reads the files a deployment (or other input) names, relative to the folder it is in. */
export function readerBeside(source: string): (file: string) => Buffer {
  return (file) => readRegularFile(isAbsolute(file) ? file : resolve(dirname(source), file));
}

/** A MAC address given on the command line, in the deployment's form (12 upper-case hex digits). */
export function macOption(value: string, option = '--mac'): string {
  const mac = parseMac(value);
  if (mac === undefined) throw new UsageError(`${option} ${value}: not a MAC address (12 hex digits)`);
  return mac;
}

/** Writes to a file when `-o` is given, else to standard output. */
export function writeOutput(text: string | Uint8Array, outFile: string | undefined): void {
  if (outFile === undefined || outFile === '-') {
    process.stdout.write(text);
    return;
  }
  writeFile(outFile, text);
}
