// The probe's --log output read back by `vpnphone diagnose`'s log checks gives the same diagnosis.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createServer as createTlsServer } from 'node:tls';
import { phoneModel } from '../src/model/catalogue.js';
import { certHashOf } from '../src/pki/cert.js';
import { createSelfSignedIdentity, type IssuedCertificate } from '../src/pki/create.js';
import { type ConfigSource, type ProbeResult, runProbe } from '../src/probe/run.js';
import { cstpHeadend } from './support/cstp-headend.js';
import { diagnoseFindings } from './support/phone-log.js';
import { pingMissing } from './support/ping.js';

const model = phoneModel('8861')!;

/** Log finding ids the diagnose engine reads from a phone log. */
export function diagnoseLog(text: string): string[] {
  return [...new Set(diagnoseFindings(text).map((f) => f.id))].sort();
}

/** One finding id, live and read back from the log, gives one remedy (the log checks' fix text). */
function assertSameFix(r: ProbeResult, id: string): void {
  const live = r.findings.find((f) => f.id === id);
  const read = diagnoseFindings(r.log).find((f) => f.id === id);
  assert.ok(live && read, `${id} both ways`);
  assert.equal(live.fix, read.fix);
}

function config(url: string, certHashes: string[] = [], hostIdCheck = false): ConfigSource {
  return { source: 'SEP001122334455.cnf.xml', url, certHashes, hostIdCheck, authMethod: 2, mtu: 1290 };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : 0);
    }),
  );
}

describe('probe --log reads back through the diagnose log checks', { timeout: 60_000 }, () => {
  let rsa: IssuedCertificate;
  let ec: IssuedCertificate;
  const servers: Server[] = [];

  before(async () => {
    rsa = await createSelfSignedIdentity({ subject: 'CN=asav.sckiewer.lab' });
    ec = await createSelfSignedIdentity({ subject: 'CN=asav.sckiewer.lab', key: { type: 'EC' } });
  });
  after(() => {
    for (const s of servers) s.close();
  });

  async function tlsServer(cert: IssuedCertificate, ciphers?: string): Promise<number> {
    const s = createTlsServer(
      { cert: cert.certPem, key: cert.keyPem, ...(ciphers ? { ciphers } : {}) },
      (c) => c.end(),
    );
    s.on('tlsClientError', () => undefined);
    servers.push(s);
    return listen(s);
  }

  it('DNS failure: dns-lookup-failed both ways', async () => {
    const dns = createSocket('udp4');
    await new Promise<void>((r) => dns.bind(0, '127.0.0.1', () => r()));
    try {
      const r = await runProbe({
        config: config('https://asav.sckiewer.invalid/phone'),
        model,
        dnsServer: `127.0.0.1:${dns.address().port}`,
        dnsTimeoutMs: 400,
      });
      assert.deepEqual(
        r.findings.map((f) => f.id),
        ['dns-lookup-failed'],
      );
      assert.deepEqual(diagnoseLog(r.log), ['dns-lookup-failed']);
      assertSameFix(r, 'dns-lookup-failed');
    } finally {
      dns.close();
    }
  });

  it('certificate hash not in the configuration: the log says the phone rejected the headend certificate', async () => {
    const port = await tlsServer(rsa, 'AES256-SHA:AES128-SHA');
    const r = await runProbe({
      config: config(`https://127.0.0.1:${port}/svc`, ['AAAAAAAAAAAAAAAAAAAAAAAAAAA=']),
      model,
    });
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['gateway-cert-not-trusted'],
    );
    assert.deepEqual(diagnoseLog(r.log), ['headend-cert-rejected']);
  });

  // The case: a renewed RSA certificate behind an ECDHE-RSA choice. The phone's statement (hash not
  // matched) is the cause; the probe's log names the RSA key, so the EC reading is ruled out.
  it('renewed RSA certificate after an ECDHE suite: the stated refusal, not ec-cipher-selected', async () => {
    const port = await tlsServer(rsa, 'ECDHE-RSA-AES256-GCM-SHA384:AES256-SHA');
    const r = await runProbe({
      config: config(`https://127.0.0.1:${port}/svc`, ['AAAAAAAAAAAAAAAAAAAAAAAAAAA=']),
      model,
      tlsCiphers: ['ECDHE-RSA-AES256-GCM-SHA384', 'AES256-SHA'],
    });
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['gateway-cert-not-trusted'],
    );
    assert.match(r.log, /new cipher -> ECDHE-RSA-AES256-GCM-SHA384/);
    const read = diagnoseFindings(r.log);
    assert.deepEqual(
      read.map((f) => f.id),
      ['headend-cert-rejected'],
    );
    assert.doesNotMatch(read[0]!.message, /Two causes/);
    // Without the probe's key line (a real phone's log) both readings are named.
    const phoneLike = r.log
      .split('\n')
      .filter((l) => !/server certificate: RSA key/.test(l))
      .join('\n');
    const both = diagnoseFindings(phoneLike);
    assert.deepEqual(
      both.map((f) => f.id),
      ['headend-cert-rejected'],
    );
    assert.match(both[0]!.message, /Two causes fit/);
  });

  it('host ID mismatch: the log says the phone rejected the headend certificate', async () => {
    const port = await tlsServer(rsa, 'AES256-SHA:AES128-SHA');
    const r = await runProbe({
      config: config(`https://127.0.0.1:${port}/svc`, [certHashOf(rsa.der)], true),
      model,
    });
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['host-id-check-mismatch'],
    );
    const read = diagnoseFindings(r.log);
    assert.deepEqual(
      read.map((f) => f.id),
      ['headend-cert-rejected'],
    );
    assert.match(read[0]!.message, /host ID check failed/);
  });

  it('EC cipher with a self-signed EC certificate: ec-cipher-selected both ways', async () => {
    const port = await tlsServer(ec, 'ECDHE-ECDSA-AES256-GCM-SHA384');
    const r = await runProbe({
      config: config(`https://127.0.0.1:${port}/svc`, [certHashOf(rsa.der)]),
      model,
      tlsCiphers: ['ECDHE-ECDSA-AES256-GCM-SHA384', 'AES256-SHA'],
    });
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['ec-cipher-selected'],
    );
    assert.deepEqual(diagnoseLog(r.log), ['ec-cipher-selected']);
    assertSameFix(r, 'ec-cipher-selected');
  });

  it('auto-detect answered: vpn-not-started-tftp-reachable both ways', {
    skip: pingMissing('the auto-detect read-back test'),
  }, async () => {
    const r = await runProbe({ config: config('https://127.0.0.1:9/svc'), model, autoDetect: '127.0.0.1' });
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['vpn-not-started-tftp-reachable'],
    );
    assert.deepEqual(diagnoseLog(r.log), ['vpn-not-started-tftp-reachable']);
    assertSameFix(r, 'vpn-not-started-tftp-reachable');
  });
  it('TCP refused: the probe-step-failed tcp row reads back as login-failed naming the refused connection', async () => {
    const closed = createServer();
    const port = await listen(closed);
    await new Promise<void>((r) => closed.close(() => r()));
    const r = await runProbe({ config: config(`https://127.0.0.1:${port}/svc`), model });
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['probe-step-failed'],
    );
    assert.match(r.findings[0]!.message, /tcp step failed: .*ECONNREFUSED/);
    const read = diagnoseFindings(r.log);
    assert.deepEqual(
      read.map((f) => f.id),
      ['login-failed'],
    );
    assert.ok(
      read[0]!.evidence.some((e) =>
        /abort_connect: in tcp connect phase: 127\.0\.0\.1:\d+: .*ECONNREFUSED/.test(e.text),
      ),
      JSON.stringify(read[0]!.evidence),
    );
  });

  it('no shared cipher: asa-no-shared-cipher both ways (the alert alone would only say login-failed)', async () => {
    const port = await tlsServer(rsa, 'AES128-GCM-SHA256');
    const r = await runProbe({
      config: config(`https://127.0.0.1:${port}/svc`, [certHashOf(rsa.der)]),
      model,
      tlsCiphers: ['AES256-SHA', 'AES128-SHA'],
    });
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['asa-no-shared-cipher'],
    );
    assert.deepEqual(diagnoseLog(r.log), ['asa-no-shared-cipher']);
    // Every line of the log is one phone line (OpenSSL's multi-line error text included).
    for (const line of r.log.trimEnd().split('\n'))
      assert.match(line, /^\d+ [A-Z]{3} [A-Z][a-z]{2} \d+ [\d:.]+ \(\d+:\d+\) /);
  });

  it('login refused after an ECDHE suite: login-failed both ways, not ec-cipher-selected', async () => {
    const s = createTlsServer({ cert: rsa.certPem, key: rsa.keyPem }, (c) => {
      c.on('error', () => undefined);
      c.on('data', () => c.write('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n'));
    });
    s.on('tlsClientError', () => undefined);
    servers.push(s);
    const port = await listen(s);
    const r = await runProbe({
      config: config(`https://127.0.0.1:${port}/svc`, [certHashOf(rsa.der)]),
      model,
    });
    assert.match(r.log, /new cipher -> ECDHE-/);
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['login-failed'],
    );
    const read = diagnoseFindings(r.log);
    assert.deepEqual(
      read.map((f) => f.id),
      ['login-failed'],
    );
    assert.ok(read[0]!.evidence.some((e) => /login refused: GET \/svc -> 401/.test(e.text)));
  });

  it('DTLS fails where TLS works: dtls-failed-tls-ok both ways', async () => {
    const udp = createSocket('udp4');
    await new Promise<void>((r) => udp.bind(0, '127.0.0.1', () => r()));
    try {
      const s = createTlsServer(
        { cert: rsa.certPem, key: rsa.keyPem, ciphers: 'AES256-SHA' },
        cstpHeadend({ dtls: { port: udp.address().port, cipher: 'AES256-SHA' } }),
      );
      s.on('tlsClientError', () => undefined);
      servers.push(s);
      const port = await listen(s);
      const r = await runProbe({
        config: config(`https://127.0.0.1:${port}/svc`, [certHashOf(rsa.der)]),
        model,
        dtlsTimeoutMs: 800,
      });
      assert.equal(r.steps.find((x) => x.step === 'tunnel')?.status, 'passed');
      assert.equal(r.steps.find((x) => x.step === 'dtls')?.status, 'failed');
      assert.deepEqual(
        r.findings.map((f) => f.id),
        ['dtls-failed-tls-ok'],
      );
      assert.deepEqual(diagnoseLog(r.log), ['dtls-failed-tls-ok']);
    } finally {
      udp.close();
    }
  });
});
