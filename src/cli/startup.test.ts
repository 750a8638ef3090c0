// Start-up cost: what `vpnphone --version` and `--help` load must stay small; command code loads when a command runs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Every module reached from `entry` through static imports (dynamic `import()` is not followed). */
function staticGraph(entry: string): { files: string[]; packages: Set<string> } {
  const files: string[] = [];
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    files.push(file);
    const js = readFileSync(file, 'utf8');
    for (const m of js.matchAll(
      /^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm,
    )) {
      const spec = m[1] ?? m[2];
      if (spec === undefined || spec.startsWith('node:')) continue;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else packages.add(spec);
    }
  };
  visit(entry);
  return { files, packages };
}

test('the CLI entry statically loads commander only, not zod, x509, tar, xml or the command implementations', () => {
  const { files, packages } = staticGraph(resolve(here, 'main.js'));
  assert.deepEqual([...packages].sort(), ['commander']);
  const run = files.filter((f) => f.includes(`${resolve(here, 'run')}`));
  assert.deepEqual(run, []);
  // Sanity: the walk did follow the command definitions.
  assert.ok(files.some((f) => f.endsWith('/commands/generate.js')));
});

test('every command implementation loads its heavy modules itself (the graph walk sees packages)', () => {
  const { packages } = staticGraph(resolve(here, 'run', 'generate.js'));
  assert.ok(packages.has('zod'), [...packages].join(', '));
});

test('probe and cert do not load the deployment stack (yaml, zod) they do not use', () => {
  for (const cmd of ['probe', 'cert']) {
    const { packages } = staticGraph(resolve(here, 'run', `${cmd}.js`));
    assert.ok(!packages.has('yaml') && !packages.has('zod'), `${cmd}: ${[...packages].join(', ')}`);
    assert.ok(packages.has('@peculiar/x509'), `${cmd}: ${[...packages].join(', ')}`);
  }
});
