// Loads a shipped deployment file for tests, optionally with its text edited first.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatProblem, type LoadedDeployment, loadDeployment } from '../../src/model/load.js';
import { repoPath } from './paths.js';

export async function loadFixtureDeployment(
  relPath: string,
  edit: (text: string) => string = (t) => t,
): Promise<LoadedDeployment> {
  const path = repoPath(relPath);
  const original = readFileSync(path, 'utf8');
  const text = edit(original);
  const r = loadDeployment(text, relPath, (f) => readFileSync(join(dirname(path), f)));
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
  return { deployment: r.deployment, certs: r.certs };
}
