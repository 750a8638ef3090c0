// Fuzz findings of one huge line (issue 15): the phone's DTLS alert pattern and evidence of a 300 KB line.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ev, MAX_EVIDENCE_TEXT } from '../src/checks/facts.js';
import { classifyVpnc } from '../src/logs/classify.js';
import { repoPath, runCli } from './support/paths.js';

function logLines(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...logLines(p));
    else if (/\.(log|txt)$/.test(name) && statSync(p).size < 2_000_000)
      out.push(...readFileSync(p, 'utf8').split('\n'));
  }
  return out;
}

test('the bounded DTLS alert pattern reads every example and fixture line as the unbounded one did', () => {
  const old = /DTLS\S* (?:write|read)?:? ?alert/i;
  const lines = [...logLines(repoPath('examples')), ...logLines(repoPath('test/fixtures'))].filter((l) =>
    /dtls/i.test(l),
  );
  const alerts = lines.filter((l) => old.test(l));
  assert.ok(alerts.length > 0, 'the fixtures hold DTLS alert lines');
  for (const l of lines)
    if (l.length < 10_000)
      assert.equal(classifyVpnc(l)?.kind === 'dtls-alert', old.test(l) || l.includes('alert_err'), l);
});

test('a 59 KB run of DTLS in one phone log line is read, and a real alert after it still counts', () => {
  const fixture = readFileSync(repoPath('test/fixtures/fuzz/log-dtls-long-token.log'), 'utf8');
  const long = fixture.split('\n').find((l) => l.length > 50_000);
  assert.ok(long);
  assert.equal(classifyVpnc(long)?.kind, undefined);
  assert.equal(classifyVpnc(`${long} DTLSv1 write alert: fatal: illegal parameter`)?.kind, 'dtls-alert');
  const r = runCli(['diagnose', '--json', 'test/fixtures/fuzz/log-dtls-long-token.log']);
  assert.ok([0, 1].includes(r.code ?? -1), r.stderr);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('evidence of a huge line keeps its start and says its length; a configuration line is kept whole', () => {
  const text = `address-pool ${'https://vpn.example/phone '.repeat(12_000)}`;
  const e = ev('big.txt', { line: 7, text });
  assert.equal(e.line, 7);
  assert.ok(e.text.startsWith(text.slice(0, MAX_EVIDENCE_TEXT)));
  assert.ok(e.text.endsWith(` … (${text.length} characters)`));
  assert.equal(ev('a.txt', { line: 1, text: ' address-pool phones-pool' }).text, ' address-pool phones-pool');
  const r = runCli(['audit', '--json', 'test/fixtures/fuzz/running-config-long-line.txt']);
  assert.ok([0, 1].includes(r.code ?? -1), r.stderr);
  const report = JSON.parse(r.stdout) as { findings: { evidence: { text: string }[] }[] };
  const texts = report.findings.flatMap((f) => f.evidence.map((x) => x.text));
  assert.ok(
    texts.some((t) => /… \(300\d{3} characters\)$/.test(t)),
    'the long line is cited, cut',
  );
  assert.ok(texts.every((t) => t.length < MAX_EVIDENCE_TEXT + 40));
});
