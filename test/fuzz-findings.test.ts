// Every fuzz finding kept in test/fixtures/fuzz, through audit and doctor: a report, never an internal error (issue 15).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoPath, runCli } from './support/paths.js';

const dir = repoPath('test/fixtures/fuzz');
const inputs = readdirSync(dir).filter((f) => !f.endsWith('.md') && f !== 'doctor-folder');

test('audit and doctor read each fuzz fixture with exit 0, 1 or 2 and no stack trace', {
  timeout: 300_000,
}, () => {
  assert.ok(inputs.length >= 7);
  for (const f of inputs) {
    for (const command of ['audit', 'doctor']) {
      const r = runCli([command, '--json', join('test/fixtures/fuzz', f)]);
      assert.ok(r.code === 0 || r.code === 1 || r.code === 2, `${command} ${f}: exit ${r.code}`);
      assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, `${command} ${f}`);
      if (r.code !== 2) assert.doesNotThrow(() => JSON.parse(r.stdout), `${command} ${f}`);
    }
  }
});

test('doctor on a folder holding an 8-byte `foo: *a` beside a phone log still reports the log (doctor-folder)', () => {
  const r = runCli(['doctor', '--json', 'test/fixtures/fuzz/doctor-folder']);
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  const report = JSON.parse(r.stdout) as { inputs: { source: string; kind: string }[] };
  assert.ok(report.inputs.some((i) => i.source.endsWith('phone-console.log')));
});
