// File input/output of the commands with clear errors, and option parsing they share; no heavy imports
// (no yaml, zod or X.509), so a command that does not read a deployment does not load them.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseMac } from '../model/mac.js';
import { describeFsError, UsageError } from './errors.js';

/** A file's bytes; `what` names it in the error (`cannot read certificate phone.pem: ...`). */
export function readBytes(path: string, what?: string): Buffer {
  try {
    return readFileSync(path);
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
  return (file) => readFileSync(isAbsolute(file) ? file : resolve(dirname(source), file));
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
