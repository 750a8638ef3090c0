// Integration: a VPN group of two real ocserv 1.3 headends (url1, url2), each in its own network namespace,
// and `vpnphone probe --gateway all` / `--failover` run in one phone namespace that reaches both.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { certHashOf } from '../src/pki/cert.js';
import {
  createSelfSignedIdentity,
  createTestCa,
  issueCertificate,
  phoneCertificateSubject,
} from '../src/pki/create.js';
import type { GatewaysJson } from '../src/probe/render.js';
import {
  certificateOcservConf,
  createPhoneNamespace,
  type Headend,
  PHONE_SAFE_PRIORITIES,
  type PhoneNamespace,
  realHeadendMissing,
  startHeadend,
} from './support/headend.js';
import { attemptsOf, diagnoseFindings } from './support/phone-log.js';

const MAC = '001122334455';
const BIN = resolve(process.cwd(), 'bin/vpnphone.js');

const missing = realHeadendMissing({ openconnect: false, what: 'real-headend failover tests' });

/** SEP<MAC>.cnf.xml of a VPN group with two gateways and one certHash list (as CUCM writes it). */
function phoneConfig(urls: string[], hashes: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<device>
  <vpnGroup>
    <mtu>1290</mtu>
    <failConnectTime>30</failConnectTime>
    <authMethod>2</authMethod>
    <enableHostIDCheck>0</enableHostIDCheck>
    <addresses>${urls.map((u, i) => `<url${i + 1}>${u}</url${i + 1}>`).join('')}</addresses>
    <credentials>
      <hashAlg>0</hashAlg>
${hashes.map((h, i) => `      <certHash${i + 1}>${h}</certHash${i + 1}>`).join('\n')}
    </credentials>
  </vpnGroup>
</device>
`;
}

describe('vpnphone probe across two real ocserv headends (url1, url2)', {
  skip: missing ?? false,
  timeout: 300_000,
}, () => {
  let phone: PhoneNamespace;
  let he1: Headend;
  let he2: Headend;
  let work: string;
  let url1: string;
  let url2: string;
  const file = (n: string) => join(work, n);

  async function probe(args: string[]) {
    const r = await phone.run(
      process.execPath,
      [BIN, 'probe', '--cert', file('phone.pem'), '--key', file('phone.key'), ...args],
      { timeoutMs: 90_000 },
    );
    return r;
  }
  async function probeJson(args: string[]) {
    const r = await probe([...args, '--json']);
    let report: GatewaysJson;
    try {
      report = JSON.parse(r.stdout) as GatewaysJson;
    } catch {
      assert.fail(`probe printed no JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
    }
    return { code: r.code, report, stderr: r.stderr };
  }
  const stepsOf = (g: GatewaysJson['gateways'][number]) =>
    Object.fromEntries(g.steps.map((s) => [s.step, s.status]));

  before(async () => {
    const phoneCa = await createTestCa({ subject: 'CN=CAPF-test' });
    const phoneCert = await issueCertificate(phoneCa, {
      subject: phoneCertificateSubject('8861', MAC),
      usage: 'client',
    });
    const id1 = await createSelfSignedIdentity({ subject: 'CN=vpn-a.branch.example' });
    const id2 = await createSelfSignedIdentity({ subject: 'CN=vpn-b.branch.example' });
    work = mkdtempSync(join(tmpdir(), 'vpnphone-failover-'));
    writeFileSync(file('phone.pem'), phoneCert.certPem);
    writeFileSync(file('phone.key'), phoneCert.keyPem, { mode: 0o600 });
    // The certificates the two headends present, as an engineer would export them for an audit.
    writeFileSync(file('vpn-a.pem'), id1.certPem);
    writeFileSync(file('vpn-b.pem'), id2.certPem);
    phone = await createPhoneNamespace();
    const conf = certificateOcservConf({
      caCert: 'phone-ca.pem',
      serverCert: 'identity.pem',
      serverKey: 'identity.key',
      tlsPriorities: PHONE_SAFE_PRIORITIES,
    });
    const files = (id: typeof id1) => ({
      'phone-ca.pem': phoneCa.certPem,
      'identity.pem': id.certPem,
      'identity.key': id.keyPem,
    });
    // Two /30 links from the one phone namespace, one to each headend's namespace.
    he1 = await startHeadend({
      phone,
      headendAddress: '198.18.0.1',
      phoneAddress: '198.18.0.2',
      files: files(id1),
      ocservConf: conf,
    });
    he2 = await startHeadend({
      phone,
      headendAddress: '198.18.0.5',
      phoneAddress: '198.18.0.6',
      files: files(id2),
      ocservConf: conf,
    });
    url1 = `https://${he1.address}/svc`;
    url2 = `https://${he2.address}/svc`;
    const [h1, h2] = [certHashOf(id1.der), certHashOf(id2.der)];
    writeFileSync(file('both.cnf.xml'), phoneConfig([url1, url2], [h1, h2]));
    // The backup's certificate never reached CUCM's VPN gateway: its hash is not in the group's list.
    writeFileSync(file('backup-missing.cnf.xml'), phoneConfig([url1, url2], [h1]));
  });

  after(async () => {
    await he1?.stop();
    await he2?.stop();
    await phone?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('--gateway all with both up: a result per gateway, each up with DTLS, exit 0', async () => {
    const r = await probeJson(['--config', file('both.cnf.xml'), '--gateway', 'all']);
    assert.equal(r.code, 0, JSON.stringify(r.report.gateways.map((g) => g.outcome)));
    assert.equal(r.report.mode, 'all');
    assert.deepEqual(
      r.report.gateways.map((g) => [g.gateway, g.url, g.ok, stepsOf(g)['cert-hash'], stepsOf(g)['dtls']]),
      [
        [1, url1, true, 'passed', 'passed'],
        [2, url2, true, 'passed', 'passed'],
      ],
    );
    // Each gateway's certificate was checked against the group's list and found at its own place.
    assert.match(r.report.gateways[0]!.steps.find((s) => s.step === 'cert-hash')!.detail, /is certHash1$/);
    assert.match(r.report.gateways[1]!.steps.find((s) => s.step === 'cert-hash')!.detail, /is certHash2$/);
    assert.deepEqual(
      r.report.findings.filter((f) => f.severity !== 'info').map((f) => f.id),
      [],
    );
  });

  it("url2's certificate missing from the configuration: --gateway all names that gateway in gateway-cert-not-trusted", async () => {
    const r = await probeJson(['--config', file('backup-missing.cnf.xml'), '--gateway', 'all']);
    assert.equal(r.code, 1);
    const [g1, g2] = r.report.gateways;
    assert.equal(g1!.ok, true);
    assert.equal(g2!.ok, false);
    assert.equal(stepsOf(g2!)['cert-hash'], 'failed');
    const errors = r.report.findings.filter((f) => f.severity === 'error');
    assert.deepEqual(
      errors.map((f) => f.id),
      ['gateway-cert-not-trusted'],
    );
    assert.match(errors[0]!.message, new RegExp(`VPN gateway url2 ${url2.replace(/[./]/g, '\\$&')}`));
    assert.equal(g2!.facts.newCertHash, g2!.facts.headendCertificate?.certHash);
    // The audit of the same phone configuration with both headends' certificates finds it too, for url2's only.
    const audit = spawnSync(
      process.execPath,
      [BIN, 'audit', file('backup-missing.cnf.xml'), file('vpn-a.pem'), file('vpn-b.pem'), '--json'],
      { encoding: 'utf8', timeout: 60_000 },
    );
    assert.equal(audit.status, 1, audit.stderr);
    const audited = (
      JSON.parse(audit.stdout) as { findings: { id: string; severity: string; message: string }[] }
    ).findings;
    const untrusted = audited.filter((x) => x.id === 'gateway-cert-not-trusted');
    assert.equal(untrusted.length, 1, audited.map((x) => `${x.id}: ${x.message}`).join('\n'));
    assert.match(untrusted[0]!.message, /CN=vpn-b\.branch\.example/);
    assert.ok(!untrusted[0]!.message.includes('vpn-a.branch.example'));
    // The phone itself would never notice with url1 up: --failover stays on url1 and passes.
    const f = await probeJson(['--config', file('backup-missing.cnf.xml'), '--failover']);
    assert.equal(f.code, 0);
    assert.equal(f.report.upGateway, 1);
    assert.deepEqual(f.report.notTried, [{ gateway: 2, url: url2, why: 'url1 came up first' }]);
  });

  it('--failover with url1 down (ocserv stopped): comes up on url2, reports what failed on url1, and the log reads back as both attempts', async () => {
    await he1.stopOcserv();
    const r = await probeJson([
      '--config',
      file('both.cnf.xml'),
      '--failover',
      '--log',
      file('failover.log'),
    ]);
    assert.equal(r.code, 0, JSON.stringify(r.report.gateways.map((g) => g.outcome)));
    assert.equal(r.report.mode, 'failover');
    assert.equal(r.report.upGateway, 2);
    const [g1, g2] = r.report.gateways;
    assert.equal(stepsOf(g1!)['tcp'], 'failed');
    assert.match(g1!.outcome, /^failed at tcp: 198\.18\.0\.1:443: .*ECONNREFUSED/);
    assert.equal(stepsOf(g2!)['tunnel'], 'passed');
    assert.equal(g2!.facts.dtls?.up, true);
    assert.ok(
      r.report.findings.some((f) => f.id === 'probe-step-failed' && f.message.startsWith(`url1 ${url1}:`)),
      JSON.stringify(r.report.findings),
    );
    // The log is the phone's: one attempt per gateway, url1 failed, url2 not.
    const log = readFileSync(file('failover.log'), 'utf8');
    const attempts = attemptsOf(log);
    assert.deepEqual(
      attempts.map((a) => [a.url?.fields.url, a.failure !== undefined]),
      [
        [url1, true],
        [url2, false],
      ],
    );
    assert.deepEqual(
      diagnoseFindings(log).map((f) => f.id),
      ['login-failed'],
    );
    // The text report says the same.
    const text = await probe(['--config', file('both.cnf.xml'), '--failover']);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^== url1 https:\/\/198\.18\.0\.1\/svc: failed at tcp/m);
    assert.match(text.stdout, /^== url2 https:\/\/198\.18\.0\.5\/svc: the tunnel came up$/m);
    assert.match(text.stdout, /^Result: url2 https:\/\/198\.18\.0\.5\/svc came up after url1 failed at tcp/m);
    // --gateway all counts url1's failure.
    const all = await probeJson(['--config', file('both.cnf.xml'), '--gateway', 'all']);
    assert.equal(all.code, 1);
    assert.deepEqual(
      all.report.gateways.map((g) => g.ok),
      [false, true],
    );
  });

  it('stopping the headends and the phone namespace leaves none of their namespaces behind', async () => {
    const names = [he1.headendNs, he2.headendNs, phone.name];
    assert.equal(he1.phoneNs, phone.name);
    assert.equal(he2.phoneNs, phone.name);
    await he1.stop();
    await he2.stop();
    await phone.stop();
    const list = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout;
    for (const n of names)
      assert.ok(!list.split('\n').some((l) => l.split(' ')[0] === n), `${n} left behind`);
  });
});
