// Holds audit, diagnose and doctor output to the goldens in test/golden/cli/, one file per example case and
// command line (text, JSON, timeline, SARIF), with each run's exit status. `npm run goldens` rewrites them.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import {
  GOLDEN_DIR,
  GOLDEN_STATUS_FILE,
  type GoldenRun,
  goldenCases,
  runGoldens,
} from '../support/goldens.js';

const ROOT = process.cwd();
const HINT = 'if the change is intended, run `npm run goldens` and review the diff';

interface StatusEntry {
  args: string[];
  status: number | null;
  stderr: string;
}

const cases = goldenCases(ROOT);
const status = JSON.parse(readFileSync(join(ROOT, GOLDEN_STATUS_FILE), 'utf8')) as Record<
  string,
  StatusEntry
>;

describe('CLI goldens (test/golden/cli)', () => {
  let runs: GoldenRun[] = [];
  before(async () => {
    runs = await runGoldens(ROOT, cases);
  });

  test('every golden file belongs to a command line, and every command line has its golden', () => {
    const files = readdirSync(join(ROOT, GOLDEN_DIR))
      .filter((f) => join(GOLDEN_DIR, f) !== GOLDEN_STATUS_FILE)
      .sort();
    assert.deepEqual(files, cases.map((c) => c.file).sort(), HINT);
    assert.deepEqual(Object.keys(status).sort(), cases.map((c) => c.file).sort(), HINT);
  });

  test('the cases cover audit, diagnose and doctor in text and JSON', () => {
    for (const cmd of ['audit', 'diagnose', 'doctor'])
      for (const ext of ['.txt', '.json'])
        assert.ok(
          cases.some((c) => c.args[0] === cmd && c.file.endsWith(ext) && !c.file.endsWith('.sarif.json')),
          `${cmd} ${ext}`,
        );
  });

  cases.forEach((c, i) => {
    test(`vpnphone ${c.args.join(' ')}  →  ${c.file}`, () => {
      const r = runs[i];
      assert.ok(r, 'the run did not happen');
      const want = status[c.file];
      assert.ok(want, `${c.file}: not in ${GOLDEN_STATUS_FILE}; ${HINT}`);
      assert.deepEqual(want.args, c.args, `${c.file}: recorded for other arguments; ${HINT}`);
      assert.equal(r.stdout, readFileSync(join(ROOT, GOLDEN_DIR, c.file), 'utf8'), `${c.file}: ${HINT}`);
      assert.equal(r.status, want.status, `${c.file}: exit status (stderr: ${r.stderr})`);
      assert.equal(r.stderr, want.stderr, `${c.file}: standard error`);
      // A golden is only worth keeping if it shows a report.
      assert.ok(r.stdout.length > 0, `${c.file}: no output`);
      if (c.file.endsWith('.json')) JSON.parse(r.stdout);
    });
  });
});
