// Integration: `vpnphone renew status` in the phone namespace against a real ocserv 1.3 presenting the old, then the new certificate.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadDeployment } from '../src/model/load.js';
import { generateOcservConf } from '../src/ocserv/generate.js';
import { certHashOf } from '../src/pki/cert.js';
import {
  createSelfSignedIdentity,
  createTestCa,
  type IssuedCertificate,
  issueCertificate,
  phoneCertificateSubject,
} from '../src/pki/create.js';
import {
  certificateOcservConf,
  DEFAULT_HEADEND_ADDRESS,
  type Headend,
  PHONE_SAFE_PRIORITIES,
  realHeadendMissing,
  startHeadend,
} from './support/headend.js';
import { OCSERV_PHONE_MAC, ocservDeploymentYaml } from './support/ocserv-deployment.js';
import { runCli, serveArgs } from './support/paths.js';

const BIN = resolve(process.cwd(), 'bin/vpnphone.js');
const ADDRESS = DEFAULT_HEADEND_ADDRESS;
const MAC = OCSERV_PHONE_MAC;
const missing = realHeadendMissing({ openconnect: false, what: 'real-headend renew tests' });

/** The <vpnGroup> of SEP<MAC>.cnf.xml with the given hashes. */
function phoneConfig(url: string, hashes: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<device>
  <vpnGroup>
    <authMethod>2</authMethod>
    <enableHostIDCheck>0</enableHostIDCheck>
    <addresses><url1>${url}</url1></addresses>
    <credentials>
      <hashAlg>0</hashAlg>
${hashes.map((h, i) => `      <certHash${i + 1}>${h}</certHash${i + 1}>`).join('\n')}
    </credentials>
  </vpnGroup>
</device>
`;
}

describe('renew status against a real ocserv 1.3', { skip: missing ?? false, timeout: 420_000 }, () => {
  let work: string;
  let he: Headend | undefined;
  let caPem: string;
  let oldId: IssuedCertificate;
  let newId: IssuedCertificate;
  const file = (n: string) => join(work, n);
  /** The phone's certificate (issued by the CA ocserv trusts), and one from a CA it does not trust. */
  const identity = (name: string) => ['--cert', file(`${name}.pem`), '--key', file(`${name}.key`)];

  const start = async (id: IssuedCertificate) => {
    await he?.stop();
    he = await startHeadend({
      files: { 'ca.pem': caPem, 'id.pem': id.certPem, 'id.key': id.keyPem },
      ocservConf: certificateOcservConf({
        caCert: 'ca.pem',
        serverCert: 'id.pem',
        serverKey: 'id.key',
        tlsPriorities: PHONE_SAFE_PRIORITIES,
      }),
    });
    const url = `https://${he.address}/svc`;
    writeFileSync(file('old-only.cnf.xml'), phoneConfig(url, [certHashOf(oldId.der)]));
    writeFileSync(file('both.cnf.xml'), phoneConfig(url, [certHashOf(oldId.der), certHashOf(newId.der)]));
    writeFileSync(file('new-only.cnf.xml'), phoneConfig(url, [certHashOf(newId.der)]));
    return url;
  };

  /** renew status in the phone namespace; `source` is `--config FILE` or `--tftp HOST --mac MAC`. */
  const status = async (url: string, config: string | string[], extra: string[] = []) => {
    assert.ok(he);
    const source = typeof config === 'string' ? ['--config', file(config)] : config;
    const args = [BIN, 'renew', 'status', '--url', url, ...source];
    args.push('--new-cert', file('new.pem'), '--old-cert', file('old.pem'), '--json', ...extra);
    const r = await he.runInPhoneNs(process.execPath, args, { timeoutMs: 90_000 });
    type Report = {
      stage: string;
      next: string;
      phonesConnect: boolean;
      gate?: { ok: boolean; reasons: string[] };
      login?: { status: string; detail: string; steps?: { step: string; status: string }[] };
      findings: { id: string; severity: string }[];
    };
    let report: Report;
    try {
      report = JSON.parse(r.stdout) as Report;
    } catch {
      assert.fail(`renew status printed no JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
    }
    return { code: r.code, report };
  };

  before(async () => {
    const ca = await createTestCa({ subject: 'CN=CAPF-test' });
    const other = await createTestCa({ subject: 'CN=Some other CA' });
    caPem = ca.certPem;
    const subject = phoneCertificateSubject('8861', MAC);
    const phoneCert = await issueCertificate(ca, { subject, usage: 'client' });
    const strangerCert = await issueCertificate(other, { subject, usage: 'client' });
    // The deployment vpnphone serve reads names the headend's address: the certificates carry it too.
    const names = { subject: `CN=${ADDRESS}`, sanIp: [ADDRESS] };
    oldId = await createSelfSignedIdentity({ ...names, days: 200 });
    newId = await createSelfSignedIdentity({ ...names, days: 800 });
    work = mkdtempSync(join(tmpdir(), 'vpnphone-renew-oc-'));
    writeFileSync(file('old.pem'), oldId.certPem);
    writeFileSync(file('new.pem'), newId.certPem);
    writeFileSync(file('phone.pem'), phoneCert.certPem);
    writeFileSync(file('phone.key'), phoneCert.keyPem, { mode: 0o600 });
    writeFileSync(file('stranger.pem'), strangerCert.certPem);
    writeFileSync(file('stranger.key'), strangerCert.keyPem, { mode: 0o600 });
  });
  after(async () => {
    await he?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('old-only, then staged, while ocserv presents the old certificate; --gate switch refuses until staged', async () => {
    const url = await start(oldId);
    const a = await status(url, 'old-only.cnf.xml');
    assert.equal(a.code, 0);
    assert.equal(a.report.stage, 'old-only');
    const g = await status(url, 'old-only.cnf.xml', ['--gate', 'switch']);
    assert.equal(g.code, 1);
    assert.equal(g.report.gate?.ok, false);
    const b = await status(url, 'both.cnf.xml', ['--gate', 'switch']);
    assert.equal(b.code, 0);
    assert.equal(b.report.stage, 'staged');
    assert.equal(b.report.gate?.ok, true);
    // Before the switch there is no login to try, and the old certificate cannot go yet.
    const c = await status(url, 'both.cnf.xml', ['--gate', 'cleanup', ...identity('phone')]);
    assert.equal(c.code, 1);
    assert.equal(c.report.gate?.ok, false);
    assert.match(c.report.gate?.reasons.join('\n') ?? '', /stage is staged/);
    assert.equal(c.report.login, undefined);
  });

  it('switched: the phone logs in through ocserv presenting the new certificate, and --gate cleanup opens', async () => {
    const url = await start(newId);
    const s = await status(url, 'both.cnf.xml', ['--gate', 'cleanup', ...identity('phone')]);
    assert.equal(s.code, 0, JSON.stringify(s.report));
    assert.equal(s.report.stage, 'switched');
    assert.equal(s.report.login?.status, 'passed', s.report.login?.detail);
    const steps = Object.fromEntries((s.report.login?.steps ?? []).map((x) => [x.step, x.status]));
    assert.equal(steps['cert-hash'], 'passed');
    assert.equal(steps['login'], 'passed');
    assert.equal(steps['tunnel'], 'passed');
    assert.equal(s.report.gate?.ok, true, s.report.gate?.reasons.join('; '));
    // Without the phone's certificate the login is not tried (authMethod 2): said, and not held against the site.
    const bare = await status(url, 'both.cnf.xml');
    assert.equal(bare.code, 0);
    assert.equal(bare.report.login?.status, 'notChecked');
    assert.match(bare.report.login?.detail ?? '', /--cert and --key/);
  });

  it('broken (exit 1, gateway-cert-not-trusted) when the phones lack the presented certificate; --gate cleanup stays closed', async () => {
    const url = await start(newId);
    const b = await status(url, 'old-only.cnf.xml', ['--gate', 'cleanup', ...identity('phone')]);
    assert.equal(b.code, 1);
    assert.equal(b.report.stage, 'broken');
    assert.equal(b.report.gate?.ok, false);
    assert.ok(b.report.findings.some((f) => f.id === 'gateway-cert-not-trusted'));
    assert.match(b.report.next, /Switch the headend back to the old certificate/);
  });

  it('cleaned, with the configuration from vpnphone serve by TFTP and by HTTP; a phone that cannot log in is exit 1', async () => {
    const url = await start(newId);
    assert.ok(he);
    // vpnphone serve in the phone namespace hands out SEP<MAC>.cnf.xml of a deployment whose gateway holds only the new certificate.
    const dir = join(work, 'serve');
    mkdirSync(join(dir, 'certs'), { recursive: true });
    writeFileSync(join(dir, 'certs/server.pem'), newId.certPem);
    writeFileSync(join(dir, 'certs/server.key'), newId.keyPem, { mode: 0o600 });
    writeFileSync(join(dir, 'certs/phone-ca.pem'), caPem);
    writeFileSync(join(dir, 'deployment.yaml'), ocservDeploymentYaml(true));
    const serve = he.spawnInPhoneNs(process.execPath, serveArgs(join(dir, 'deployment.yaml')));
    try {
      const line = await serve.waitFor(/^\{.*"event":"listening".*\}$/m, 30_000);
      const { tftpPort, httpPort } = JSON.parse(line[0]) as { tftpPort: number; httpPort: number };
      const viaTftp = ['--tftp', `127.0.0.1:${tftpPort}`, '--mac', MAC];
      const t = await status(url, viaTftp, ['--gate', 'cleanup', ...identity('phone')]);
      assert.equal(t.code, 0, JSON.stringify(t.report));
      assert.equal(t.report.stage, 'cleaned');
      assert.equal(t.report.login?.status, 'passed', t.report.login?.detail);
      assert.equal(t.report.gate?.ok, true, t.report.gate?.reasons.join('; '));
      // Nothing answers TFTP on port 1: the phone's fallback, HTTP, from the same server.
      const viaHttp = ['--tftp', '127.0.0.1:1', '--mac', MAC, '--http-port', String(httpPort)];
      const h = await status(url, viaHttp, ['--gate', 'cleanup', ...identity('phone')]);
      assert.equal(h.code, 0, JSON.stringify(h.report));
      assert.equal(h.report.stage, 'cleaned');
      assert.equal(h.report.gate?.ok, true);
      // A phone certificate ocserv does not trust: the hashes are right, the phones still cannot connect.
      const f = await status(url, viaTftp, ['--gate', 'cleanup', ...identity('stranger')]);
      assert.equal(f.code, 1, JSON.stringify(f.report));
      assert.equal(f.report.stage, 'cleaned');
      assert.equal(f.report.phonesConnect, false);
      assert.equal(f.report.login?.status, 'failed');
      assert.equal(f.report.gate?.ok, false);
      assert.ok(
        f.report.findings.some((x) => x.severity === 'error'),
        JSON.stringify(f.report.findings),
      );
    } finally {
      await serve.stop();
    }
  });
});

describe('a deployment generated end to end works on day one', {
  skip: missing ?? false,
  timeout: 240_000,
}, () => {
  let work: string;
  let he: Headend | undefined;
  after(async () => {
    await he?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ocserv from generate ocserv, the phone configuration from generate phone-config: the probe comes up', async () => {
    work = mkdtempSync(join(tmpdir(), 'vpnphone-dayone-'));
    const ca = await createTestCa({ subject: 'CN=Test CAPF' });
    const server = await createSelfSignedIdentity({ subject: `CN=${ADDRESS}`, sanIp: [ADDRESS] });
    const phone = await issueCertificate(ca, {
      subject: phoneCertificateSubject('8861', MAC),
      usage: 'client',
    });
    mkdirSync(join(work, 'certs'));
    writeFileSync(join(work, 'certs/server.pem'), server.certPem);
    writeFileSync(join(work, 'certs/server.key'), server.keyPem, { mode: 0o600 });
    writeFileSync(join(work, 'certs/phone-ca.pem'), ca.certPem);
    writeFileSync(join(work, 'phone.pem'), phone.certPem);
    writeFileSync(join(work, 'phone.key'), phone.keyPem, { mode: 0o600 });
    const d = join(work, 'deployment.yaml');
    writeFileSync(d, ocservDeploymentYaml(true));
    const cnf = join(work, `SEP${MAC}.cnf.xml`);
    const gen = runCli(['generate', 'phone-config', '-d', d, '--mac', MAC, '-o', cnf]);
    assert.equal(gen.code, 0, gen.stderr);
    const loaded = loadDeployment(ocservDeploymentYaml(true), d, (f) => readFileSync(join(work, f)));
    assert.ok(loaded.ok);
    he = await startHeadend({
      files: { 'server.pem': server.certPem, 'server.key': server.keyPem, 'phone-ca.pem': ca.certPem },
      ocservConf: (env) => generateOcservConf(loaded, { certDir: env.dir, runDir: env.dir }),
    });
    const r = await he.runInPhoneNs(
      process.execPath,
      [
        BIN,
        'probe',
        '--config',
        cnf,
        '--cert',
        join(work, 'phone.pem'),
        '--key',
        join(work, 'phone.key'),
        '--json',
      ],
      { timeoutMs: 60_000 },
    );
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const steps = Object.fromEntries(
      (JSON.parse(r.stdout) as { steps: { step: string; status: string }[] }).steps.map((x) => [
        x.step,
        x.status,
      ]),
    );
    assert.equal(steps['cert-hash'], 'passed');
    assert.equal(steps['login'], 'passed');
    assert.equal(steps['tunnel'], 'passed');
  });
});
