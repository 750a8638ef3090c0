// The held-out set (issue 12, "what must show"): logs and configurations in shapes the checks were not
// tuned to, each written by us after a public source its SOURCE.txt names (the ASA syslog messages guide,
// ocserv's sources and published configurations, the VPN phone technote). `diagnose` or `audit` runs on each
// case folder as a user would run it, and the finding ids must be the expected ones, with nothing false.
// Every finding id past the technote fires on at least one of them; the project's own generated
// configurations, with commented-out lines an editor leaves behind, give none of those ids.
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { generateAsaConfig } from '../src/asa/generate.js';
import { runAudit } from '../src/checks/audit.js';
import { parseDeployment } from '../src/model/load.js';
import { generateOcservConf } from '../src/ocserv/generate.js';
import { NEW_CONFIG_IDS } from './support/new-ids.js';
import { ocservDeploymentYaml } from './support/ocserv-deployment.js';
import { repoPath, runCli, tempDir } from './support/paths.js';

interface Expect {
  command: 'diagnose' | 'audit';
  must: string[];
  must_not: string[];
  /** Text the messages of the `must` findings contain, and text none of them may contain. */
  message_includes?: string[];
  message_excludes?: string[];
}

const ROOT = repoPath('test/fixtures/held-out');
const META = new Set(['SOURCE.txt', 'expect.json']);
const CASES = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

/** The ids past the technote (RULES.md) that must fire on some held-out input. */
const NEW_IDS = [
  'asa-session-limit',
  'asa-pool-exhausted',
  'asa-large-packet',
  'tunnel-reconnect-churn',
  'ocserv-svc-rejected',
  'cert-expiring',
  'cert-expired',
  ...NEW_CONFIG_IDS,
];

const tmp = tempDir('vpnphone-held-out-');
after(tmp.cleanup);

const expectOf = (name: string): Expect => JSON.parse(readFileSync(join(ROOT, name, 'expect.json'), 'utf8'));

describe('held-out inputs get the right findings and nothing false', () => {
  for (const name of CASES)
    test(name, () => {
      const exp = expectOf(name);
      // Only the artifacts are handed over, as a user would hand over a folder of collected files.
      const dir = join(tmp.dir, name);
      cpSync(join(ROOT, name), dir, { recursive: true, filter: (src) => !META.has(src.split('/').pop()!) });
      const r = runCli([exp.command, '--json', dir]);
      const report = JSON.parse(r.stdout) as {
        findings: { id: string; severity: string; message: string }[];
      };
      const ids = report.findings.map((f) => f.id);
      for (const id of exp.must) assert.ok(ids.includes(id), `${id} missing from ${ids.join(', ')}`);
      for (const id of exp.must_not) assert.ok(!ids.includes(id), `${id} fired falsely (${ids.join(', ')})`);
      const messages = report.findings
        .filter((f) => exp.must.includes(f.id))
        .map((f) => f.message)
        .join('\n');
      for (const s of exp.message_includes ?? [])
        assert.ok(messages.includes(s), `"${s}" not in:\n${messages}`);
      for (const s of exp.message_excludes ?? []) assert.ok(!messages.includes(s), `"${s}" in:\n${messages}`);
      // The exit status follows the findings: 1 with an error among them, else 0 (2: nothing was read).
      const errors = report.findings.some((f) => f.severity === 'error');
      assert.equal(
        r.code,
        ids.includes('unrecognized-input') && ids.length === 1 ? 2 : errors ? 1 : 0,
        r.stderr,
      );
    });

  test('every id past the technote fires on some held-out input', () => {
    const fired = new Set(CASES.flatMap((n) => expectOf(n).must));
    assert.deepEqual(
      NEW_IDS.filter((id) => !fired.has(id)),
      [],
    );
  });

  test('every case says where its shapes come from', () => {
    for (const name of CASES)
      assert.match(readFileSync(join(ROOT, name, 'SOURCE.txt'), 'utf8'), /\S/, `${name}/SOURCE.txt`);
  });
});

describe("a generated configuration's comments give none of the new findings", () => {
  const NOW = new Date(Date.UTC(2026, 0, 1));
  const text = (source: string, t: string) => ({ source, bytes: new Uint8Array(Buffer.from(t)) });
  const fired = (r: ReturnType<typeof runAudit>) =>
    r.findings.map((f) => f.id).filter((id) => NEW_IDS.includes(id));

  test('ocserv.conf with the settings an edit commented out', () => {
    const d = parseDeployment(ocservDeploymentYaml(true), 'ocserv.yaml');
    assert.ok(d.ok);
    const conf = generateOcservConf({ deployment: d.deployment, certs: new Map() });
    const edited = `${conf}\n# cisco-svc-client-compat = false\n#udp-port = 4443\n# route = 10.0.0.0/255.0.0.0\n`;
    // A phone configuration with the /svc URL says this ocserv serves phones.
    const phone = text(
      'SEP00AB12CD34EF.cnf.xml',
      readFileSync(join(ROOT, 'ocserv-conf-compat-off/SEP00AB12CD34EF.cnf.xml'), 'utf8'),
    );
    assert.deepEqual(fired(runAudit([text('ocserv.conf', edited), phone], { now: NOW })), []);
    const live = edited.replace('# cisco-svc-client-compat = false', 'cisco-svc-client-compat = false');
    assert.deepEqual(fired(runAudit([text('ocserv.conf', live), phone], { now: NOW })), [
      'ocserv-svc-compat-disabled',
    ]);
  });

  test('ASA configuration with a split-tunnel line left as a comment', () => {
    const d = parseDeployment(readFileSync(repoPath('examples/lab/deployment.yaml'), 'utf8'), 'd.yaml');
    assert.ok(d.ok);
    const asa = generateAsaConfig({ deployment: d.deployment, certs: new Map() });
    const edited = asa.replace(
      / vpn-tunnel-protocol ssl-client\n/,
      ' vpn-tunnel-protocol ssl-client\n! split-tunnel-policy tunnelspecified\n',
    );
    assert.notEqual(edited, asa, 'the generated group policy has vpn-tunnel-protocol ssl-client');
    assert.deepEqual(fired(runAudit([text('asa.txt', edited)], { now: NOW })), []);
    // The same line not commented out is read: the check is not silent for want of input.
    const live = edited.replace(
      '! split-tunnel-policy tunnelspecified',
      ' split-tunnel-policy tunnelspecified',
    );
    assert.deepEqual(fired(runAudit([text('asa.txt', live)], { now: NOW })), ['split-tunnel-not-tunnelall']);
  });
});
