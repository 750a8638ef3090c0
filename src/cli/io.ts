// Loading deployment files for the commands (with every problem as file:line:column); re-exports ./files.ts.
import { formatProblem, type LoadedDeployment, loadDeployment } from '../model/load.js';
import { UsageError } from './errors.js';
import { readerBeside, readText } from './files.js';

export { describeFsError, UsageError } from './errors.js';
export { macOption, readBytes, readerBeside, readText, writeFile, writeOutput } from './files.js';

/** Loads and validates a deployment file; every problem is printed as file:line:column, then UsageError. */
export function loadDeploymentFile(path: string): LoadedDeployment {
  const text = readText(path);
  const result = loadDeployment(text, path, readerBeside(path));
  if (!result.ok) {
    const lines = result.problems.map(formatProblem);
    const n = result.problems.length;
    throw new UsageError(`${lines.join('\nvpnphone: ')}\n${n} problem${n === 1 ? '' : 's'} in ${path}`);
  }
  return { deployment: result.deployment, certs: result.certs, warnings: result.warnings ?? [] };
}
