// Start-up cost: what `vpnphone --version` and `--help` load must stay small; command code loads when a command runs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { repoRoot, tempDir } from '../../test/support/paths.js';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Every module reached from `entry` through static imports (dynamic `import()` of our own modules is not
 * followed), and the packages they import: statically, or on first use (`lazyPackage('x')`, `import('x')`).
 */
function staticGraph(entry: string): { files: string[]; packages: Set<string>; lazy: Set<string> } {
  const files: string[] = [];
  const packages = new Set<string>();
  const lazy = new Set<string>();
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
    for (const m of js.matchAll(/\b(?:lazyPackage|import)\(\s*['"]([^'"./][^'"]*)['"]/g)) lazy.add(m[1]!);
  };
  visit(entry);
  return { files, packages, lazy };
}

test('the CLI entry statically loads commander only, not zod, x509, tar, xml or the command implementations', () => {
  const { files, packages } = staticGraph(resolve(here, 'main.js'));
  assert.deepEqual([...packages].sort(), ['commander']);
  const run = files.filter((f) => f.includes(`${resolve(here, 'run')}`));
  assert.deepEqual(run, []);
  // Sanity: the walk did follow the command definitions.
  assert.ok(files.some((f) => f.endsWith('/commands/generate.js')));
});

test('every command implementation reaches its heavy modules itself (the graph walk sees packages)', () => {
  const { lazy } = staticGraph(resolve(here, 'run', 'generate.js'));
  assert.ok(lazy.has('zod'), [...lazy].join(', '));
});

test('probe and cert do not load the deployment stack (yaml, zod) they do not use', () => {
  for (const cmd of ['probe', 'cert']) {
    const { packages, lazy } = staticGraph(resolve(here, 'run', `${cmd}.js`));
    const all = [...packages, ...lazy];
    assert.ok(!all.includes('yaml') && !all.includes('zod'), `${cmd}: ${all.join(', ')}`);
    assert.ok(lazy.has('@peculiar/x509'), `${cmd}: ${all.join(', ')}`);
  }
});

test('audit, diagnose and doctor load zod, yaml, the XML parser, tar and x509 only on first use', () => {
  for (const cmd of ['audit', 'diagnose', 'doctor']) {
    const { packages, lazy } = staticGraph(resolve(here, 'run', `${cmd}.js`));
    for (const p of ['zod', 'yaml', 'fast-xml-parser', 'tar', '@peculiar/x509', 'reflect-metadata'])
      assert.ok(!packages.has(p), `${cmd} loads ${p} at start-up`);
    assert.ok(lazy.has('@peculiar/x509') && lazy.has('yaml'), `${cmd}: ${[...lazy].join(', ')}`);
  }
});

/** The packages under node_modules a real `vpnphone audit FILE` run loaded (their CommonJS modules). */
function packagesLoadedAuditing(file: string): string[] {
  const script = `
    import { createRequire } from 'node:module';
    import { main } from ${JSON.stringify(resolve(here, 'main.js'))};
    process.stdout.write = () => true;
    await main(['node', 'vpnphone', 'audit', ${JSON.stringify(file)}]);
    const cache = createRequire(${JSON.stringify(`${here}/`)}).cache;
    const names = Object.keys(cache).map((f) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(f)?.[1]);
    process.stderr.write('LOADED ' + JSON.stringify([...new Set(names.filter(Boolean))].sort()) + '\\n');`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  const line = r.stderr.split('\n').find((l) => l.startsWith('LOADED '));
  assert.ok(line, r.stderr);
  return JSON.parse(line.slice('LOADED '.length)) as string[];
}

test('auditing a text file loads no certificate, YAML or schema package; a certificate loads x509', () => {
  const { dir, cleanup } = tempDir('vpnphone-startup-');
  try {
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'hostname x\n');
    const none = packagesLoadedAuditing(text);
    for (const p of ['@peculiar/x509', 'reflect-metadata', 'zod', 'yaml', 'fast-xml-parser'])
      assert.ok(!none.includes(p), `${p} loaded: ${none.join(', ')}`);
    const pem = join(dir, 'headend.pem');
    writeFileSync(pem, readFileSync(join(repoRoot, 'test/fixtures/fuzz/ku-tag.pem')));
    const some = packagesLoadedAuditing(pem);
    assert.ok(some.includes('@peculiar/x509') && some.includes('reflect-metadata'), some.join(', '));
  } finally {
    cleanup();
  }
});
