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
  realHeadendMissing,
  startHeadend,
} from './support/headend.js';
import { OCSERV_PHONE_MAC, ocservDeploymentYaml } from './support/ocserv-deployment.js';
import { runCli } from './support/paths.js';

const BIN = resolve(process.cwd(), 'bin/vpnphone.js');
const PHONE_SAFE =
  'NONE:%SERVER_PRECEDENCE:%COMPAT:+VERS-TLS-ALL:+SIGN-ALL:+COMP-ALL:+RSA:+SHA1:+AES-256-CBC:+AES-128-CBC';
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

describe('renew status against a real ocserv 1.3', { skip: missing ?? false, timeout: 240_000 }, () => {
  let work: string;
  let he: Headend | undefined;
  let caPem: string;
  let oldId: IssuedCertificate;
  let newId: IssuedCertificate;
  const file = (n: string) => join(work, n);

  const start = async (id: IssuedCertificate) => {
    await he?.stop();
    he = await startHeadend({
      files: { 'ca.pem': caPem, 'id.pem': id.certPem, 'id.key': id.keyPem },
      ocservConf: certificateOcservConf({
        caCert: 'ca.pem',
        serverCert: 'id.pem',
        serverKey: 'id.key',
        tlsPriorities: PHONE_SAFE,
      }),
    });
    const url = `https://${he.address}/svc`;
    writeFileSync(file('old-only.cnf.xml'), phoneConfig(url, [certHashOf(oldId.der)]));
    writeFileSync(file('both.cnf.xml'), phoneConfig(url, [certHashOf(oldId.der), certHashOf(newId.der)]));
    return url;
  };

  const status = async (url: string, config: string, extra: string[] = []) => {
    assert.ok(he);
    const args = [BIN, 'renew', 'status', '--url', url, '--config', file(config)];
    args.push('--new-cert', file('new.pem'), '--old-cert', file('old.pem'), '--json', ...extra);
    const r = await he.runInPhoneNs(process.execPath, args, { timeoutMs: 60_000 });
    type Report = { stage: string; gate?: { ok: boolean }; findings: { id: string }[] };
    let report: Report;
    try {
      report = JSON.parse(r.stdout) as Report;
    } catch {
      assert.fail(`renew status printed no JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
    }
    return { code: r.code, report };
  };

  before(async () => {
    caPem = (await createTestCa({ subject: 'CN=CAPF-test' })).certPem;
    oldId = await createSelfSignedIdentity({ subject: 'CN=asav.sckiewer.lab', days: 200 });
    newId = await createSelfSignedIdentity({ subject: 'CN=asav.sckiewer.lab', days: 800 });
    work = mkdtempSync(join(tmpdir(), 'vpnphone-renew-oc-'));
    writeFileSync(file('old.pem'), oldId.certPem);
    writeFileSync(file('new.pem'), newId.certPem);
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
  });

  it('switched, or broken (exit 1, gateway-cert-not-trusted) once ocserv presents the new certificate', async () => {
    const url = await start(newId);
    const s = await status(url, 'both.cnf.xml');
    assert.equal(s.code, 0);
    assert.equal(s.report.stage, 'switched');
    const b = await status(url, 'old-only.cnf.xml');
    assert.equal(b.code, 1);
    assert.equal(b.report.stage, 'broken');
    assert.ok(b.report.findings.some((f) => f.id === 'gateway-cert-not-trusted'));
  });
});

const ADDRESS = DEFAULT_HEADEND_ADDRESS;
const MAC = OCSERV_PHONE_MAC;

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
