// Input/output helpers shared by the commands: reading files with clear errors, writing output, loading deployments.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { formatProblem, type LoadedDeployment, loadDeployment } from '../model/load.js';
import { describeFsError, UsageError } from './errors.js';

export { describeFsError, UsageError };

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${describeFsError(e)}`);
  }
}

/** Loads and validates a deployment file; every problem is printed as file:line:column, then UsageError. */
export function loadDeploymentFile(path: string): LoadedDeployment {
  const text = readText(path);
  const base = dirname(path);
  const result = loadDeployment(text, path, (file) =>
    readFileSync(isAbsolute(file) ? file : resolve(base, file)),
  );
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
  try {
    writeFileSync(outFile, text);
  } catch (e) {
    throw new UsageError(`cannot write ${outFile}: ${describeFsError(e)}`);
  }
}
