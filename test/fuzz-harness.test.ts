// The fuzz harness (npm run fuzz) runs briefly with a fixed seed, so that it cannot rot: every target reads
// its seeds and some mutated inputs, and none fails a property (issue 15).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuzz } from '../fuzz/engine.js';
import { TARGETS } from '../fuzz/targets.js';
import { repoRoot, tempDir } from './support/paths.js';

test('npm run fuzz, a few seconds with seed 15: every target tries its seeds and more, no failure', {
  timeout: 300_000,
}, async () => {
  const { dir, cleanup } = tempDir('vpnphone-fuzz-test-');
  try {
    const lines: string[] = [];
    const { results, failures } = await fuzz({
      root: repoRoot,
      targets: TARGETS,
      seconds: 5,
      seed: 15,
      out: dir,
      log: (l) => lines.push(l),
    });
    assert.deepEqual(
      failures.map((f) => `${f.target} ${f.kind}: ${f.message.split('\n')[0]}`),
      [],
      lines.join('\n'),
    );
    assert.equal(results.length, TARGETS.length);
    for (const r of results) assert.ok(r.inputs >= 2, `${r.target}: ${r.inputs} inputs`);
  } finally {
    cleanup();
  }
});
