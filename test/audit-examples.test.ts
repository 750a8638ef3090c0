// Holds examples/audit/* to what the product's own generator writes today (scripts/make-audit-examples.mjs):
// the script runs into a temporary folder and every case folder must match it file for file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import { repoPath, tempDir } from './support/paths.js';

function listFiles(dir: string, out: string[] = [], base = dir): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) listFiles(p, out, base);
    else out.push(relative(base, p));
  }
  return out;
}

const tmp = tempDir('vpnphone-audit-examples-');
after(tmp.cleanup);

test('examples/audit/* are what scripts/make-audit-examples.mjs writes (run it to refresh them)', () => {
  const r = spawnSync(process.execPath, [repoPath('scripts/make-audit-examples.mjs'), tmp.dir], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stderr);
  const generated = listFiles(tmp.dir);
  assert.ok(generated.length >= 8, `only ${generated.length} files generated`);
  const committed = listFiles(repoPath('examples/audit')).filter((f) => f !== 'README.md');
  assert.deepEqual(committed, generated, 'the case folders and their files');
  for (const f of generated)
    assert.equal(
      readFileSync(repoPath('examples/audit', f), 'utf8'),
      readFileSync(join(tmp.dir, f), 'utf8'),
      `examples/audit/${f} differs from the generator's output: node scripts/make-audit-examples.mjs`,
    );
});
