// `npm test` must pass in a clone with nothing beside it: no test or script reads a path outside the repository.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from './support/paths.js';

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures' || name === 'golden') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (/\.(ts|mjs|js|sh)$/.test(name)) out.push(p);
  }
  return out;
}

// Spelled in two parts so that this file does not match itself.
const OUTSIDE = new RegExp(['\\.\\./', 'shared\\b|/work/', 'shared\\b'].join(''));

test('no source, test or script refers to the shared folder beside the clone', () => {
  const files = ['src', 'test', 'bench', 'fuzz', 'scripts', 'bin'].flatMap((d) => sources(join(repoRoot, d)));
  assert.ok(files.length > 50, `only ${files.length} files scanned`);
  assert.ok(
    files.some((f) => f.endsWith(join('src', 'asa', 'generate.test.ts'))),
    'the seed test is among them',
  );
  const offenders = files
    .filter((f) => OUTSIDE.test(readFileSync(f, 'utf8')))
    .map((f) => relative(repoRoot, f));
  assert.deepEqual(offenders, []);
});
