// Input/output helpers shared by the commands: reading files with clear errors, writing output, loading deployments.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { formatProblem, type LoadedDeployment, loadDeployment } from '../model/load.js';
import { macSchema } from '../model/schema.js';
import { describeFsError, UsageError } from './errors.js';

export { describeFsError, UsageError };

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
  const mac = macSchema.safeParse(value);
  if (!mac.success) throw new UsageError(`${option} ${value}: not a MAC address (12 hex digits)`);
  return mac.data;
}

/** Loads and validates a deployment file; every problem is printed as file:line:column, then UsageError. */
export function loadDeploymentFile(path: string): LoadedDeployment {
  const text = readText(path);
  const result = loadDeployment(text, path, readerBeside(path));
  if (!result.ok) {
    const lines = result.problems.map(formatProblem);
    const n = result.problems.length;
    throw new UsageError(`${lines.join('\nvpnphone: ')}\n${n} problem${n === 1 ? '' : 's'} in ${path}`);
  }
  return { deployment: result.deployment, certs: result.certs };
}

/** Writes to a file when `-o` is given, else to standard output. */
export function writeOutput(text: string | Uint8Array, outFile: string | undefined): void {
  if (outFile === undefined || outFile === '-') {
    process.stdout.write(text);
    return;
  }
  writeFile(outFile, text);
}
