// Each command's function returns its exit status and main() resolves to it; nothing in src sets
// process.exitCode (bin/vpnphone.js does, once, from what main returns).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { filesUnder, repoPath, tempDir } from '../../test/support/paths.js';
import { main } from './main.js';

const tmp = tempDir('vpnphone-exit-');
after(tmp.cleanup);

// Reports go to a file (-o) so that nothing is written to this test's standard output.
const CASES: { args: string[]; status: number }[] = [
  { args: ['audit', '--now', '2026-11-27', 'examples/audit/lab'], status: 0 },
  { args: ['audit', '--now', '2026-11-27', 'examples/audit/pool-typo'], status: 1 },
  { args: ['diagnose', '--year', '2020', 'examples/doctor/healthy'], status: 0 },
  { args: ['diagnose', '--year', '2020', 'examples/doctor/ec-cipher'], status: 1 },
  { args: ['doctor', '--now', '2026-11-27', '--year', '2020', 'examples/doctor/dns-failure'], status: 1 },
  { args: ['generate', 'asa', '-d', 'examples/lab/deployment.yaml'], status: 0 },
];

test('main() resolves to the status the command returned, and leaves process.exitCode alone', async () => {
  const before = process.exitCode;
  for (const [i, c] of CASES.entries()) {
    const out = join(tmp.dir, `out-${i}`);
    const status = await main([
      'node',
      'vpnphone',
      ...c.args.map((a) => (a.startsWith('examples/') ? repoPath(a) : a)),
      '-o',
      out,
    ]);
    assert.equal(status, c.status, c.args.join(' '));
    assert.ok(readFileSync(out, 'utf8').length > 0, `${c.args.join(' ')}: the report was written`);
    assert.equal(process.exitCode, before, `${c.args.join(' ')} set process.exitCode`);
  }
});

test('no module under src sets process.exitCode', () => {
  const files = filesUnder(['src']).filter((p) => p.endsWith('.ts') && !p.endsWith('.test.ts'));
  assert.ok(files.length > 50);
  const setting = files.filter((f) => /process\.exitCode\s*=/.test(readFileSync(f, 'utf8')));
  assert.deepEqual(setting, []);
});
