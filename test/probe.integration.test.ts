// Integration: `vpnphone probe` in the phone namespace against a real ocserv 1.3 (test/support/headend.ts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LogDiagnosis } from '../src/checks/log/engine.js';
import { certHashOf } from '../src/pki/cert.js';
import {
  createSelfSignedIdentity,
  createTestCa,
  type IssuedCertificate,
  issueCertificate,
  phoneCertificateSubject,
} from '../src/pki/create.js';
import type { ProbeJson } from '../src/probe/render.js';
import {
  certificateOcservConf,
  type Headend,
  PHONE_SAFE_PRIORITIES,
  realHeadendMissing,
  startHeadend,
} from './support/headend.js';

const MAC = '001122334455';
const BIN = resolve(process.cwd(), 'bin/vpnphone.js');

const missing = realHeadendMissing({ openconnect: false, what: 'real-headend probe tests' });

interface Pki {
  phoneCa: IssuedCertificate;
  identity: IssuedCertificate;
  renewed: IssuedCertificate;
  phone: IssuedCertificate;
  strangerPhone: IssuedCertificate;
}

function ocservConf(tlsPriorities: string, identity: 'identity' | 'renewed' = 'identity') {
  return certificateOcservConf({
    caCert: 'phone-ca.pem',
    serverCert: `${identity}.pem`,
    serverKey: `${identity}.key`,
    tlsPriorities,
  });
}

function pkiFiles(pki: Pki): Record<string, string> {
  return {
    'phone-ca.pem': pki.phoneCa.certPem,
    'identity.pem': pki.identity.certPem,
    'identity.key': pki.identity.keyPem,
    'renewed.pem': pki.renewed.certPem,
    'renewed.key': pki.renewed.keyPem,
  };
}

/** SEP<MAC>.cnf.xml as CUCM writes it (the <vpnGroup> part that matters). */
function phoneConfig(url: string, hashes: string[], hostIdCheck: boolean): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<device>
  <deviceProtocol>SIP</deviceProtocol>
  <vpnGroup>
    <mtu>1290</mtu>
    <failConnectTime>30</failConnectTime>
    <authMethod>2</authMethod>
    <pswdPersistent>0</pswdPersistent>
    <autoNetDetect>0</autoNetDetect>
    <enableHostIDCheck>${hostIdCheck ? 1 : 0}</enableHostIDCheck>
    <addresses><url1>${url}</url1></addresses>
    <credentials>
      <hashAlg>0</hashAlg>
${hashes.map((h, i) => `      <certHash${i + 1}>${h}</certHash${i + 1}>`).join('\n')}
    </credentials>
  </vpnGroup>
</device>
`;
}

/** What `vpnphone diagnose`'s log checks read from a probe --log file: finding id → severity. */
function diagnoseLog(text: string): Record<string, string> {
  const d = new LogDiagnosis({ now: Date.now() });
  const feed = d.openSource('probe.log');
  feed.write(text);
  feed.end();
  return Object.fromEntries(d.findings().map((f) => [f.id, f.severity]));
}

interface Run {
  code: number | null;
  report: ProbeJson;
  stdout: string;
  stderr: string;
}

async function probe(he: Headend, args: string[], json = true): Promise<Run> {
  const r = await he.runInPhoneNs(process.execPath, [BIN, 'probe', ...args, ...(json ? ['--json'] : [])], {
    timeoutMs: 60_000,
  });
  let report = {} as ProbeJson;
  if (json) {
    try {
      report = JSON.parse(r.stdout) as ProbeJson;
    } catch {
      assert.fail(`probe printed no JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
    }
  }
  return { code: r.code, report, stdout: r.stdout, stderr: r.stderr };
}

function status(r: Run): Record<string, string> {
  return Object.fromEntries(r.report.steps.map((s) => [s.step, s.status]));
}

function ids(r: Run): string[] {
  return r.report.findings.map((f) => f.id).sort();
}

describe('vpnphone probe against a real ocserv 1.3', { skip: missing ?? false, timeout: 240_000 }, () => {
  let pki: Pki;
  let work: string;
  let he: Headend;
  let url: string;
  const file = (n: string) => join(work, n);

  before(async () => {
    const phoneCa = await createTestCa({ subject: 'CN=CAPF-test' });
    // The headend's identity is self-signed like an ASA's `enrollment self` trustpoint; the name is not the address.
    const identity = await createSelfSignedIdentity({
      subject: 'CN=asav.sckiewer.lab',
      sanDns: ['asav.sckiewer.lab'],
    });
    const renewed = await createSelfSignedIdentity({
      subject: 'CN=asav.sckiewer.lab',
      sanDns: ['asav.sckiewer.lab'],
    });
    const phone = await issueCertificate(phoneCa, {
      subject: phoneCertificateSubject('8861', MAC),
      usage: 'client',
    });
    const otherCa = await createTestCa({ subject: 'CN=Some other CA' });
    const strangerPhone = await issueCertificate(otherCa, {
      subject: phoneCertificateSubject('8861', 'AABBCCDDEEFF'),
      usage: 'client',
    });
    pki = { phoneCa, identity, renewed, phone, strangerPhone };
    work = mkdtempSync(join(tmpdir(), 'vpnphone-probe-'));
    writeFileSync(file('phone.pem'), phone.certPem);
    writeFileSync(file('phone.key'), phone.keyPem, { mode: 0o600 });
    writeFileSync(file('stranger.pem'), strangerPhone.certPem);
    writeFileSync(file('stranger.key'), strangerPhone.keyPem, { mode: 0o600 });
    he = await startHeadend({ files: pkiFiles(pki), ocservConf: ocservConf(PHONE_SAFE_PRIORITIES) });
    url = `https://${he.address}/svc`;
    const hash = certHashOf(identity.der);
    writeFileSync(file('good.cnf.xml'), phoneConfig(url, [certHashOf(renewed.der), hash], false));
    writeFileSync(file('old-only.cnf.xml'), phoneConfig(url, [certHashOf(renewed.der)], false));
    writeFileSync(file('hostid.cnf.xml'), phoneConfig(url, [hash], true));
  });

  after(async () => {
    await he?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('logs in with the phone certificate on /svc, brings up the tunnel and DTLS 0.9 with AES256-SHA, DPD and ping answered', async () => {
    const r = await probe(he, [
      '--config',
      file('good.cnf.xml'),
      '--cert',
      file('phone.pem'),
      '--key',
      file('phone.key'),
      '--ping',
      he.address,
      '--auto-detect',
      '10.99.99.99',
      '--log',
      file('success.log'),
    ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(status(r), {
      tftp: 'skipped',
      config: 'passed',
      'auto-detect': 'passed',
      dns: 'skipped',
      tcp: 'passed',
      tls: 'passed',
      'cert-hash': 'passed',
      'host-id': 'skipped',
      login: 'passed',
      tunnel: 'passed',
      dtls: 'passed',
      keepalive: 'passed',
      ping: 'passed',
    });
    const f = r.report.facts;
    assert.equal(f.tls?.cipher, 'AES256-SHA');
    assert.equal(f.dtls?.cipher, 'AES256-SHA');
    assert.equal(f.dtls?.up, true);
    assert.match(f.tunnel?.address ?? '', /^10\.66\.0\.\d+$/);
    assert.equal(typeof f.dpd?.tlsRttMs, 'number');
    assert.equal(typeof f.dpd?.dtlsRttMs, 'number');
    assert.equal(f.ping?.target, he.address);
    assert.equal(f.ping?.channel, 'dtls');
    assert.equal(f.headendCertificate?.certHash, certHashOf(pki.identity.der));
    assert.equal(f.headendCertificate?.keyType, 'RSA');
    assert.deepEqual(ids(r), ['vpn-auto-started']);
    assert.equal(r.report.ok, true);
    // ocserv saw a phone: the certificate user and the legacy DTLS session.
    const logs = he.logs();
    assert.match(logs, /CP-8861-SEP001122334455/);
    assert.match(logs, /DTLS ciphersuite: AES256-SHA/);
    assert.match(logs, /DTLS handshake completed/);
    const log = readFileSync(file('success.log'), 'utf8');
    assert.match(log, /JAVA-vpnAutoDetect: ping time out/);
    assert.match(log, /VPNC: -protocol_handler: new cipher -> AES256-SHA:AES128-SHA/);
    assert.match(log, /VPNC: -process_connect: x-dtls-ciphersuite: AES256-SHA/);
    assert.match(log, /VPNC: -create_dtls_connection: cipher list: AES256-SHA/);
    // Read back by the log checks: nothing wrong with the tunnel, the VPN was started by auto-detect.
    const back = diagnoseLog(log);
    assert.deepEqual(
      Object.entries(back).filter(([, sev]) => sev !== 'info'),
      [],
    );
    assert.equal(back['vpn-auto-started'], 'info');
  });

  it('brings up DTLS 0.9 with AES128-SHA when TLS settled on AES128-SHA', async () => {
    const r = await probe(he, [
      '--config',
      file('good.cnf.xml'),
      '--cert',
      file('phone.pem'),
      '--key',
      file('phone.key'),
      '--tls-ciphers',
      'AES128-SHA',
    ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.report.facts.tls?.cipher, 'AES128-SHA');
    assert.equal(r.report.facts.dtls?.cipher, 'AES128-SHA');
    assert.equal(r.report.facts.dtls?.up, true);
    assert.equal(status(r)['keepalive'], 'passed');
    assert.deepEqual(ids(r), []);
  });

  it('emulates a TLS 1.0-only phone (--model 7962) with security level 0, DTLS up', async () => {
    const r = await probe(he, [
      '--config',
      file('good.cnf.xml'),
      '--cert',
      file('phone.pem'),
      '--key',
      file('phone.key'),
      '--model',
      '7962',
    ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.report.facts.tls?.version, 'TLSv1');
    assert.equal(r.report.facts.tls?.cipher, 'AES256-SHA');
    assert.equal(r.report.facts.dtls?.up, true);
  });

  it('also logs in the aggregate-auth way (--login aggregate)', async () => {
    const r = await probe(he, [
      '--config',
      file('good.cnf.xml'),
      '--cert',
      file('phone.pem'),
      '--key',
      file('phone.key'),
      '--login',
      'aggregate',
    ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(status(r)['login'], 'passed');
    assert.equal(r.report.facts.dtls?.up, true);
  });

  it('a renewed headend certificate that is not in the configuration is gateway-cert-not-trusted, and the new hash is printed', async () => {
    const r = await probe(he, [
      '--config',
      file('old-only.cnf.xml'),
      '--cert',
      file('phone.pem'),
      '--key',
      file('phone.key'),
    ]);
    assert.equal(r.code, 1);
    assert.equal(status(r)['cert-hash'], 'failed');
    assert.equal(status(r)['login'], 'skipped');
    assert.deepEqual(ids(r), ['gateway-cert-not-trusted']);
    const presented = certHashOf(pki.identity.der);
    assert.equal(r.report.facts.newCertHash, presented);
    const text = await probe(
      he,
      ['--config', file('old-only.cnf.xml'), '--cert', file('phone.pem'), '--key', file('phone.key')],
      false,
    );
    assert.equal(text.code, 1);
    assert.ok(
      text.stdout.includes(`New certHash to add to CUCM (VPN gateway certificate): ${presented}`),
      text.stdout,
    );
  });

  it('host ID check on and a certificate for another name is host-id-check-mismatch', async () => {
    const r = await probe(he, [
      '--config',
      file('hostid.cnf.xml'),
      '--cert',
      file('phone.pem'),
      '--key',
      file('phone.key'),
    ]);
    assert.equal(r.code, 1);
    assert.equal(status(r)['cert-hash'], 'passed');
    assert.equal(status(r)['host-id'], 'failed');
    assert.deepEqual(ids(r), ['host-id-check-mismatch']);
  });

  it('a phone certificate the headend does not trust fails the connection, and the finding says so', async () => {
    const r = await probe(he, [
      '--config',
      file('good.cnf.xml'),
      '--cert',
      file('stranger.pem'),
      '--key',
      file('stranger.key'),
    ]);
    assert.equal(r.code, 1);
    const failed = r.report.steps.find((s) => s.status === 'failed');
    assert.ok(failed && (failed.step === 'login' || failed.step === 'tls'), JSON.stringify(r.report.steps));
    const f = r.report.findings[0]!;
    assert.ok(['login-failed', 'asa-client-cert-invalid'].includes(f.id), f.id);
    assert.match(f.message, /certificate/);
    assert.match(f.message, /trust/);
  });

  it('--hold keeps the session up with keepalives, and SIGINT disconnects cleanly', async () => {
    const bg = he.spawnInPhoneNs(process.execPath, [
      BIN,
      'probe',
      '--config',
      file('good.cnf.xml'),
      '--cert',
      file('phone.pem'),
      '--key',
      file('phone.key'),
      '--hold',
      '120',
    ]);
    try {
      await bg.waitFor(/holding the session for 120 s/, 30_000);
      assert.match(await he.occtl(['show', 'users']), /CP-8861-SEP001122334455/);
      const disconnects = () => he.logs().split('user disconnected (reason: user disconnected').length - 1;
      const before = disconnects();
      const t0 = Date.now();
      bg.child.kill('SIGINT');
      const code = await Promise.race([
        bg.exited,
        new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000)),
      ]);
      assert.equal(code, 0, bg.output());
      assert.ok(Date.now() - t0 < 10_000);
      assert.match(bg.output(), /Result: the tunnel came up/);
      // ocserv saw a disconnect from the client, not a dead peer.
      for (let i = 0; i < 50 && disconnects() === before; i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal(disconnects(), before + 1);
    } finally {
      await bg.stop();
    }
  });

  it('a DTLS answer with another cipher than TLS fails DTLS (dtls-tls-cipher-mismatch) while TLS stays up', async () => {
    // The seed's case: TLS used an AES-256 suite, the headend answered x-dtls-ciphersuite: AES128-SHA.
    const r = await probe(he, [
      '--config',
      file('good.cnf.xml'),
      '--cert',
      file('phone.pem'),
      '--key',
      file('phone.key'),
      '--dtls-ciphers',
      'AES128-SHA',
      '--ping',
      he.address,
      '--log',
      file('dtls.log'),
    ]);
    assert.equal(r.code, 1);
    const s = status(r);
    assert.equal(s['tunnel'], 'passed');
    assert.equal(s['dtls'], 'failed');
    assert.equal(s['keepalive'], 'passed');
    assert.equal(s['ping'], 'passed');
    assert.equal(r.report.facts.ping?.channel, 'tls');
    assert.equal(r.report.facts.tls?.cipher, 'AES256-SHA');
    assert.equal(r.report.facts.dtls?.cipher, 'AES128-SHA');
    assert.deepEqual(ids(r), ['dtls-tls-cipher-mismatch']);
    const log = readFileSync(file('dtls.log'), 'utf8');
    assert.match(log, /VPNC: -process_connect: x-dtls-ciphersuite: AES128-SHA/);
    assert.match(log, /VPNC: -abort_connect: in dtls setup phase/);
    assert.match(log, /VPNC: -protocol_handler: connect : err: SSL success DTLS fail/);
    // The log checks reach the same diagnosis from the log alone.
    const back = diagnoseLog(log);
    assert.equal(back['dtls-cipher-mismatch'], 'error', JSON.stringify(back));
    assert.ok(back['dtls-failed-tls-ok'], JSON.stringify(back));
  });
});

describe('vpnphone probe against an ocserv that shares no cipher with the phone', {
  skip: missing ?? false,
  timeout: 120_000,
}, () => {
  it('fails the tls step with asa-no-shared-cipher', async () => {
    const phoneCa = await createTestCa({ subject: 'CN=CAPF-test' });
    const identity = await createSelfSignedIdentity({ subject: 'CN=asav.sckiewer.lab' });
    const he = await startHeadend({
      files: {
        'phone-ca.pem': phoneCa.certPem,
        'identity.pem': identity.certPem,
        'identity.key': identity.keyPem,
      },
      // RSA key exchange with AES-GCM only: an 8861 offers GCM with ECDHE, or CBC with RSA, not this.
      ocservConf: ocservConf('NONE:%COMPAT:+VERS-TLS1.2:+SIGN-ALL:+COMP-NULL:+RSA:+AES-256-GCM:+AEAD'),
    });
    try {
      const r = await probe(he, [
        '--url',
        `https://${he.address}/svc`,
        '--cert-hash',
        certHashOf(identity.der),
      ]);
      assert.equal(r.code, 1, r.stdout);
      assert.equal(status(r)['tcp'], 'passed');
      assert.equal(status(r)['tls'], 'failed');
      assert.deepEqual(ids(r), ['asa-no-shared-cipher']);
    } finally {
      await he.stop();
    }
  });
});

describe('vpnphone probe with password authentication (ocserv plain auth, default TLS priorities)', {
  skip: missing ?? false,
  timeout: 120_000,
}, () => {
  const PASSWORD = 'Phone-Pass-8861';
  let he: Headend;
  let work: string;
  let hash: string;

  before(async () => {
    const identity = await createSelfSignedIdentity({ subject: 'CN=asav.sckiewer.lab' });
    hash = certHashOf(identity.der);
    const crypt = spawnSync('openssl', ['passwd', '-6', '-salt', 'vpnphone', PASSWORD], { encoding: 'utf8' });
    assert.equal(crypt.status, 0, `openssl passwd failed: ${crypt.stderr}`);
    work = mkdtempSync(join(tmpdir(), 'vpnphone-probe-pw-'));
    he = await startHeadend({
      files: {
        'identity.pem': identity.certPem,
        'identity.key': identity.keyPem,
        ocpasswd: `phoneuser:*:${crypt.stdout.trim()}\n`,
      },
      ocservConf: (env) =>
        ocservConf('NORMAL:%SERVER_PRECEDENCE:%COMPAT:-VERS-SSL3.0')(env)
          .replace(/^auth = .*$/m, `auth = "plain[passwd=${env.file('ocpasswd')}]"`)
          .replace(/^(cert-user-oid|ca-cert) = .*\n/gm, ''),
    });
  });

  after(async () => {
    await he?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('logs in with username and password on /svc, never prints the password; DTLS 0.9 cannot carry the ECDHE-GCM TLS cipher', async () => {
    const logFile = join(work, 'pw.log');
    const r = await probe(he, [
      '--url',
      `https://${he.address}/svc`,
      '--cert-hash',
      hash,
      '-u',
      'phoneuser',
      '-p',
      PASSWORD,
      '--log',
      logFile,
      '--verbose',
    ]);
    const s = status(r);
    assert.equal(s['login'], 'passed', r.stdout);
    assert.equal(s['tunnel'], 'passed');
    assert.equal(r.report.facts.tls?.cipher, 'ECDHE-RSA-AES256-GCM-SHA384');
    assert.equal(s['dtls'], 'failed');
    assert.equal(s['keepalive'], 'passed');
    assert.deepEqual(ids(r), ['dtls-tls-cipher-mismatch']);
    assert.equal(r.code, 1);
    for (const text of [r.stdout, r.stderr, readFileSync(logFile, 'utf8')])
      assert.ok(!text.includes(PASSWORD));
  });

  it('a wrong password is login-failed that says the headend rejected it', async () => {
    const r = await probe(he, [
      '--url',
      `https://${he.address}/svc`,
      '--cert-hash',
      hash,
      '-u',
      'phoneuser',
      '-p',
      'Wrong-Pass-1234',
    ]);
    assert.equal(r.code, 1);
    assert.equal(status(r)['login'], 'failed');
    assert.deepEqual(ids(r), ['login-failed']);
    assert.match(r.report.findings[0]!.message, /rejected the username\/password/);
    assert.ok(!r.stdout.includes('Wrong-Pass-1234'));
  });

  it('logs in the aggregate-auth way with an auth-request form', async () => {
    const r = await probe(he, [
      '--url',
      `https://${he.address}/svc`,
      '--cert-hash',
      hash,
      '-u',
      'phoneuser',
      '-p',
      PASSWORD,
      '--login',
      'aggregate',
      '--tls-ciphers',
      'AES256-SHA',
    ]);
    assert.equal(r.code, 0, r.stdout);
    assert.equal(status(r)['login'], 'passed');
    assert.equal(r.report.facts.dtls?.up, true);
  });

  it('a configuration that asks for a password without one given is a usage error (exit 2)', async () => {
    const cfg = join(work, 'pw.cnf.xml');
    writeFileSync(
      cfg,
      phoneConfig(`https://${he.address}/svc`, [hash], false).replace('<authMethod>2<', '<authMethod>0<'),
    );
    const r = await he.runInPhoneNs(process.execPath, [BIN, 'probe', '--config', cfg]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /authMethod 0.*--username and --password/);
  });
});

describe('vpnphone probe against an ocserv without DTLS (TCP only)', {
  skip: missing ?? false,
  timeout: 120_000,
}, () => {
  it('skips the dtls step with dtls-disabled (info) and exits 0', async () => {
    const phoneCa = await createTestCa({ subject: 'CN=CAPF-test' });
    const identity = await createSelfSignedIdentity({ subject: 'CN=asav.sckiewer.lab' });
    const phone = await issueCertificate(phoneCa, {
      subject: phoneCertificateSubject('8861', MAC),
      usage: 'client',
    });
    const work = mkdtempSync(join(tmpdir(), 'vpnphone-probe-tcp-'));
    writeFileSync(join(work, 'phone.pem'), phone.certPem);
    writeFileSync(join(work, 'phone.key'), phone.keyPem, { mode: 0o600 });
    const he = await startHeadend({
      files: {
        'phone-ca.pem': phoneCa.certPem,
        'identity.pem': identity.certPem,
        'identity.key': identity.keyPem,
      },
      ocservConf: (env) => ocservConf(PHONE_SAFE_PRIORITIES)(env).replace(/^udp-port = .*\n/m, ''),
    });
    try {
      const r = await probe(he, [
        '--url',
        `https://${he.address}/svc`,
        '--cert-hash',
        certHashOf(identity.der),
        '--cert',
        join(work, 'phone.pem'),
        '--key',
        join(work, 'phone.key'),
        '--ping',
        he.address,
      ]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.equal(status(r)['dtls'], 'skipped');
      assert.equal(status(r)['ping'], 'passed');
      assert.equal(r.report.facts.ping?.channel, 'tls');
      assert.deepEqual(ids(r), ['dtls-disabled']);
      assert.equal(r.report.findings[0]!.severity, 'info');
    } finally {
      await he.stop();
      rmSync(work, { recursive: true, force: true });
    }
  });
});
