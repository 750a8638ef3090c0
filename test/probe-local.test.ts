// The probe against misbehaving local servers on loopback: every failure is clear and within its timeout.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createServer as createTlsServer } from 'node:tls';
import { phoneModel } from '../src/model/catalogue.js';
import { certHashOf } from '../src/pki/cert.js';
import { createSelfSignedIdentity, type IssuedCertificate } from '../src/pki/create.js';
import { type ProbeResult, runProbe } from '../src/probe/run.js';
import { pingMissing } from './support/ping.js';
import { listen, phoneConfig, stepOf } from './support/probe-local.js';

const model = phoneModel('8861')!;

const config = phoneConfig;

function ids(r: ProbeResult): string[] {
  return r.findings.map((f) => f.id).sort();
}

describe('probe against local servers that misbehave', { timeout: 60_000 }, () => {
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  let rsa: IssuedCertificate;
  let ec: IssuedCertificate;

  before(async () => {
    rsa = await createSelfSignedIdentity({ subject: 'CN=asav.sckiewer.lab', sanDns: ['asav.sckiewer.lab'] });
    ec = await createSelfSignedIdentity({ subject: 'CN=asav.sckiewer.lab', key: { type: 'EC' } });
  });

  after(() => {
    for (const s of sockets) s.destroy();
    for (const s of servers) s.close();
  });

  function track(server: Server): Server {
    servers.push(server);
    server.on('connection', (s: Socket) => {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    });
    return server;
  }

  it('a server that accepts and says nothing fails the tls step at the step timeout and is hung up on', async () => {
    let closed: Promise<void> | undefined;
    const port = await listen(
      track(
        createServer((s) => {
          closed = new Promise<void>((resolve) => s.once('close', () => resolve()));
          // Reads (and ignores) the ClientHello, so that the client's hang-up shows as the end of the stream.
          s.resume();
        }),
      ),
    );
    const r = await runProbe({ config: config(`https://127.0.0.1:${port}/svc`), model, stepTimeoutMs: 700 });
    assert.equal(r.ok, false);
    assert.equal(stepOf(r, 'tcp').status, 'passed');
    assert.equal(stepOf(r, 'tls').status, 'failed');
    // The failure is the step timeout, not some other error that happened to come first.
    assert.match(stepOf(r, 'tls').detail, /TLS handshake: no answer within 700 ms/);
    // The probe closed the connection it gave up on (the server sees it go; the suite timeout bounds this).
    assert.ok(closed, 'the server saw the connection');
    await closed;
    assert.deepEqual(ids(r), ['probe-step-failed']);
    assert.match(r.findings[0]!.message, /tls step failed/);
    assert.equal(stepOf(r, 'login').status, 'skipped');
  });

  it('a server that sends garbage fails the tls step with the TLS error', async () => {
    const port = await listen(
      track(
        createServer((s) => {
          s.write('220 this is not a VPN headend\r\n');
          s.on('data', () => s.write('GARBAGE GARBAGE GARBAGE\r\n'));
        }),
      ),
    );
    const r = await runProbe({ config: config(`https://127.0.0.1:${port}/svc`), model, stepTimeoutMs: 2000 });
    assert.equal(stepOf(r, 'tls').status, 'failed');
    assert.match(stepOf(r, 'tls').detail, /wrong version number|packet length|record|ssl/i);
    assert.deepEqual(ids(r), ['probe-step-failed']);
  });

  it('a server that resets the connection fails clearly', async () => {
    const port = await listen(track(createServer((s) => s.resetAndDestroy())));
    const r = await runProbe({ config: config(`https://127.0.0.1:${port}/svc`), model, stepTimeoutMs: 2000 });
    const failed = r.steps.find((s) => s.status === 'failed');
    assert.ok(failed && (failed.step === 'tcp' || failed.step === 'tls'));
    assert.match(failed.detail, /ECONNRESET|socket disconnected|reset/i);
    assert.deepEqual(ids(r), ['probe-step-failed']);
  });

  it('a closed port fails the tcp step', async () => {
    const s = track(createServer());
    const port = await listen(s);
    await new Promise<void>((resolve) => s.close(() => resolve()));
    const r = await runProbe({ config: config(`https://127.0.0.1:${port}/svc`), model, stepTimeoutMs: 2000 });
    assert.equal(stepOf(r, 'tcp').status, 'failed');
    assert.match(stepOf(r, 'tcp').detail, /ECONNREFUSED/);
  });

  it('a host name that does not resolve is dns-lookup-failed, logged as the phone logs it', async () => {
    // A DNS server that never answers: the probe gives up at --dns-timeout, like the phone after ~30 s.
    const dns = createSocket('udp4');
    await new Promise<void>((resolve) => dns.bind(0, '127.0.0.1', () => resolve()));
    let queries = 0;
    dns.on('message', () => queries++);
    try {
      const port = dns.address().port;
      const r = await runProbe({
        config: config('https://asav.sckiewer.invalid/phone'),
        model,
        dnsServer: `127.0.0.1:${port}`,
        dnsTimeoutMs: 600,
      });
      assert.equal(r.ok, false);
      assert.equal(stepOf(r, 'dns').status, 'failed');
      assert.ok(queries >= 1, 'the query reached our DNS server');
      assert.deepEqual(ids(r), ['dns-lookup-failed']);
      assert.equal(r.findings[0]!.evidence[0]!.source, 'probe');
      assert.match(r.log, /VPNC: -do_login: URL -> https:\/\/asav\.sckiewer\.invalid\/phone/);
      assert.match(r.log, /VPNC: -parse_url: gethostbyname failed <asav\.sckiewer\.invalid>/);
      assert.match(r.log, /VPNC: -set_login_state: LOGIN: 1 \(TRYING\) --> 3 \(FAILED\)/);
      assert.match(r.log, /VPNC: -vpnc_send_notify: notify code: 32 \[DnsLookupErr\]/);
      assert.equal(stepOf(r, 'tcp').status, 'skipped');
    } finally {
      dns.close();
    }
  });

  it('Ctrl-C (an aborted signal) ends a long DNS wait at once', async () => {
    const dns = createSocket('udp4');
    await new Promise<void>((resolve) => dns.bind(0, '127.0.0.1', () => resolve()));
    try {
      const ac = new AbortController();
      // Ctrl-C while the query is out: the DNS server has it and will never answer.
      dns.on('message', () => ac.abort());
      const r = await runProbe({
        config: config('https://asav.sckiewer.invalid/phone'),
        model,
        dnsServer: `127.0.0.1:${dns.address().port}`,
        // Longer than the suite's timeout: only the abort can end this step in time.
        dnsTimeoutMs: 120_000,
        signal: ac.signal,
      });
      assert.equal(stepOf(r, 'dns').status, 'failed');
      assert.equal(stepOf(r, 'dns').detail, 'interrupted (SIGINT)');
      assert.equal(stepOf(r, 'tcp').status, 'skipped');
      assert.deepEqual(ids(r), ['probe-step-failed']);
    } finally {
      dns.close();
    }
  });

  it('a certificate whose hash is not in the configuration is gateway-cert-not-trusted, with the new hash', async () => {
    const server = createTlsServer({ cert: rsa.certPem, key: rsa.keyPem }, (s) => s.end());
    const port = await listen(track(server));
    const old = await createSelfSignedIdentity({ subject: 'CN=asav.sckiewer.lab' });
    const r = await runProbe({
      config: config(`https://127.0.0.1:${port}/svc`, [certHashOf(old.der)]),
      model,
      stepTimeoutMs: 3000,
    });
    assert.equal(stepOf(r, 'tls').status, 'passed');
    assert.equal(stepOf(r, 'cert-hash').status, 'failed');
    assert.deepEqual(ids(r), ['gateway-cert-not-trusted']);
    assert.equal(r.facts.newCertHash, certHashOf(rsa.der));
    assert.ok(r.findings[0]!.message.includes(certHashOf(rsa.der)));
    assert.equal(r.facts.headendCertificate?.keyType, 'RSA');
    assert.equal(r.facts.headendCertificate?.subjectCN, 'asav.sckiewer.lab');
  });

  it('host ID check on and a certificate for another name is host-id-check-mismatch', async () => {
    const server = createTlsServer({ cert: rsa.certPem, key: rsa.keyPem }, (s) => s.end());
    const port = await listen(track(server));
    const r = await runProbe({
      config: config(`https://127.0.0.1:${port}/svc`, [certHashOf(rsa.der)], true),
      model,
      stepTimeoutMs: 3000,
    });
    assert.equal(stepOf(r, 'cert-hash').status, 'passed');
    assert.equal(stepOf(r, 'host-id').status, 'failed');
    assert.deepEqual(ids(r), ['host-id-check-mismatch']);
    assert.match(r.findings[0]!.message, /127\.0\.0\.1.*asav\.sckiewer\.lab/);
  });

  it('an EC cipher with a self-signed EC certificate not in the configuration is ec-cipher-selected', async () => {
    const server = createTlsServer(
      { cert: ec.certPem, key: ec.keyPem, ciphers: 'ECDHE-ECDSA-AES256-GCM-SHA384' },
      (s) => s.end(),
    );
    const port = await listen(track(server));
    const r = await runProbe({
      config: config(`https://127.0.0.1:${port}/svc`, [certHashOf(rsa.der)]),
      model,
      tlsCiphers: ['ECDHE-ECDSA-AES256-GCM-SHA384', 'AES256-SHA'],
      stepTimeoutMs: 3000,
    });
    assert.equal(r.facts.tls?.cipher, 'ECDHE-ECDSA-AES256-GCM-SHA384');
    assert.deepEqual(ids(r), ['ec-cipher-selected']);
    assert.match(r.log, /new cipher -> ECDHE-ECDSA-AES256-GCM-SHA384/);
  });

  it('a server that shares no cipher with the phone is asa-no-shared-cipher', async () => {
    const server = createTlsServer(
      { cert: rsa.certPem, key: rsa.keyPem, ciphers: 'ECDHE-RSA-CHACHA20-POLY1305', maxVersion: 'TLSv1.2' },
      (s) => s.end(),
    );
    server.on('tlsClientError', () => undefined);
    const port = await listen(track(server));
    const r = await runProbe({ config: config(`https://127.0.0.1:${port}/svc`), model, stepTimeoutMs: 3000 });
    assert.equal(stepOf(r, 'tls').status, 'failed');
    assert.deepEqual(ids(r), ['asa-no-shared-cipher']);
    assert.match(r.findings[0]!.message, /shares no cipher/);
  });

  it('an error no step expects is recorded under the step that was running, and the probe ends', async () => {
    const server = createTlsServer({ cert: rsa.certPem, key: rsa.keyPem }, (s) => s.end());
    const port = await listen(track(server));
    // A configuration object that breaks its type: the cert-hash step trips over it.
    const broken = {
      ...config(`https://127.0.0.1:${port}/svc`),
      certHashes: undefined as unknown as string[],
    };
    const r = await runProbe({ config: broken, model, stepTimeoutMs: 3000 });
    assert.equal(r.ok, false);
    assert.equal(stepOf(r, 'tls').status, 'passed');
    assert.equal(stepOf(r, 'cert-hash').status, 'failed');
    assert.match(stepOf(r, 'cert-hash').detail, /^internal error: .*length/);
    assert.equal(stepOf(r, 'keepalive').detail, 'not reached');
    assert.deepEqual(ids(r), ['probe-step-failed']);
    assert.match(r.findings[0]!.message, /^Internal error: /);
  });

  it('auto network detect: a TFTP address that answers the ping keeps the VPN off', {
    skip: pingMissing('the auto-detect probe test'),
  }, async () => {
    const r = await runProbe({
      config: config('https://127.0.0.1:9/svc'),
      model,
      autoDetect: '127.0.0.1',
      pingTimeoutMs: 2000,
    });
    assert.equal(r.ok, false);
    assert.equal(stepOf(r, 'auto-detect').status, 'failed');
    assert.deepEqual(ids(r), ['vpn-not-started-tftp-reachable']);
    // The phone never got as far as the login.
    assert.equal(stepOf(r, 'tcp').status, 'skipped');
    assert.doesNotMatch(r.log, /do_login/);
  });
});
