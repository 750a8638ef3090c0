// Every fuzz finding kept in test/fixtures/fuzz, through audit and doctor: a report, never an internal error (issue 15).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { readInputs } from '../src/cli/inputs.js';
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

// Regression (issue 15, multi-bomb.tar.gz: eight 1 GiB gzip members in 37 KB): 65 s of inflating before; the
// timeout fails a regression.
test('a tar.gz of gzip bombs is refused member by member, quickly, naming each member and the limit', {
  timeout: 30_000,
}, async () => {
  const bomb = 'test/fixtures/fuzz/multi-bomb.tar.gz';
  for (const command of ['doctor', 'diagnose']) {
    const r = runCli([command, '--json', bomb]);
    // Nothing in it could be read and checked: exit 2, each member named with its refusal (issue 14).
    assert.equal(r.code, 2, `${command}: exit ${r.code}: ${r.stderr}`);
    assert.match(r.stderr, /^vpnphone: nothing could be read and checked:\n/, command);
    assert.doesNotMatch(r.stderr, /internal error|Warning|\n\s+at /, command);
    // Every member refused is named on stderr with why (the archive stops itself at the ratio limit too).
    const named = [...r.stderr.matchAll(/!prt\/log\d\.gz: .*expands more than 200 times/g)].length;
    assert.ok(named >= 1, r.stderr);
    const report = JSON.parse(r.stdout) as { findings: { id: string; message: string }[] };
    const refused = report.findings.filter((f) => f.id === 'input-rejected').map((f) => f.message);
    // The tar.gz itself expands more than 200 times too (eight 1 MiB members in 37 KB): the members read
    // before its own refusal are each refused, and the archive is.
    const whole = refused.some((m) => m.startsWith(`${bomb}: expands more than 200 times`));
    const members = refused.filter((m) => /!prt\/log\d\.gz: expands more than 200 times/.test(m));
    assert.ok(whole ? members.length >= 1 : members.length === 8, `${command}: ${refused.join('; ')}`);
    assert.equal(named, members.length, `${command}: stderr names each refused member`);
  }
  const read = await readInputs([repoPath(bomb)], {
    wants: () => ({ text: true }),
    text: () => ({ write() {}, end() {} }),
  });
  // Eight GiB inside: reading stops at the ratio limit, a few MiB per member.
  assert.ok(read.inflated < 256 * 1024 ** 2, `inflated ${read.inflated} bytes`);
});

// Regression (issue 15): the gzip reader added an `error` listener per back-pressure wait.
test('a multi-MB gzip log leaves stderr clean (no listener warning)', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpnphone-gz-'));
  try {
    const lines: string[] = [];
    let x = 15;
    for (let i = 0, size = 0; size < 6 * 1024 ** 2; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      const l = `Dec  1 10:00:${String(i % 60).padStart(2, '0')} host${x % 100_003} message ${i} ${x.toString(36)}`;
      lines.push(l);
      size += l.length + 1;
    }
    const file = join(dir, 'long.log.gz');
    writeFileSync(file, gzipSync(`${lines.join('\n')}\n`));
    for (const command of ['doctor', 'diagnose']) {
      const r = runCli([command, '--json', file]);
      // Generic syslog lines, none a phone, ASA or ocserv line: nothing was checked (exit 2, issue 14),
      // and standard error says only that.
      assert.equal(r.code, 2, `${command}: exit ${r.code}`);
      assert.match(
        r.stderr,
        /^vpnphone: nothing could be read and checked:\n {2}\S*long\.log\.gz: No phone, ASA or ocserv log line found in \S+ \(\d+ lines\)\.\n$/,
        command,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
