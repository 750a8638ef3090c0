// `vpnphone probe --gateway all` and `--failover` on loopback: a VPN group of two or three gateways, some
// refusing TCP, one a small CSTP headend that logs the phone in and answers DPD (no DTLS offered).
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { certHashOf } from '../src/pki/cert.js';
import { createSelfSignedIdentity, type IssuedCertificate } from '../src/pki/create.js';
import type { GatewaysJson } from '../src/probe/render.js';
import { cstpHeadend } from './support/cstp-headend.js';
import { attemptsOf, diagnoseFindings } from './support/phone-log.js';
import { probeCli as cli } from './support/probe-cli.js';
import { listen } from './support/probe-local.js';

describe('probe --gateway all / --failover over a VPN group (loopback)', { timeout: 90_000 }, () => {
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  let id: IssuedCertificate;
  let other: IssuedCertificate;
  let work: string;
  let up: string;
  let refused: string;
  let untrusted: string;
  const file = (n: string) => join(work, n);

  /** SEP<MAC>.cnf.xml with these URLs and the certHash of `id` only. */
  function config(name: string, urls: string[]): string {
    const xml = `<device><vpnGroup><authMethod>2</authMethod><enableHostIDCheck>0</enableHostIDCheck>
<addresses>${urls.map((u, i) => `<url${i + 1}>${u}</url${i + 1}>`).join('')}</addresses>
<credentials><hashAlg>0</hashAlg><certHash1>${certHashOf(id.der)}</certHash1></credentials></vpnGroup></device>`;
    writeFileSync(file(name), xml);
    return file(name);
  }

  async function tls(cert: IssuedCertificate): Promise<number> {
    const server = createTlsServer({ cert: cert.certPem, key: cert.keyPem }, cstpHeadend());
    server.on('secureConnection', (s: TLSSocket) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    server.on('tlsClientError', () => undefined);
    servers.push(server);
    return listen(server);
  }

  before(async () => {
    id = await createSelfSignedIdentity({ subject: 'CN=vpn-a.branch.example' });
    other = await createSelfSignedIdentity({ subject: 'CN=vpn-b.branch.example' });
    work = mkdtempSync(join(tmpdir(), 'vpnphone-gateways-'));
    up = `https://127.0.0.1:${await tls(id)}/svc`;
    untrusted = `https://127.0.0.1:${await tls(other)}/svc`;
    const closed = createServer();
    const port = await listen(closed);
    await new Promise<void>((r) => closed.close(() => r()));
    refused = `https://127.0.0.1:${port}/svc`;
  });

  after(() => {
    for (const s of sockets) s.destroy();
    for (const s of servers) s.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  for (const [args, why] of [
    [['--url', 'https://127.0.0.1/svc', '--gateway', 'all'], /--gateway all needs the phone configuration/],
    [['--url', 'https://127.0.0.1/svc', '--failover'], /--failover needs the phone configuration/],
    [['--config', 'x.cnf.xml', '--failover', '--gateway', '2'], /--failover tries every gateway in order/],
    [['--config', 'x.cnf.xml', '--gateway', '4'], /--gateway 4: expected 1, 2, 3 or all/],
    [['--config', 'x.cnf.xml', '--gateway', 'all', '--hold', '5'], /--hold keeps one session/],
  ] as Array<[string[], RegExp]>) {
    it(`exits 2 for ${args.join(' ')}`, async () => {
      const r = await cli(args);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, why);
    });
  }

  it('--failover: url1 refused, url2 comes up, url3 is not tried; exit 0 and the log is the two attempts', async () => {
    const cnf = config('three.cnf.xml', [refused, up, untrusted]);
    const r = await cli(['--config', cnf, '--failover', '--json', '--log', file('three.log')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const report = JSON.parse(r.stdout) as GatewaysJson;
    assert.equal(report.upGateway, 2);
    assert.deepEqual(
      report.gateways.map((g) => [g.gateway, g.tunnelUp, g.ok]),
      [
        [1, false, false],
        [2, true, true],
      ],
    );
    assert.match(report.gateways[0]!.outcome, /^failed at tcp: .*ECONNREFUSED/);
    assert.deepEqual(report.notTried, [{ gateway: 3, url: untrusted, why: 'url2 came up first' }]);
    const log = readFileSync(file('three.log'), 'utf8');
    assert.deepEqual(
      attemptsOf(log).map((a) => [a.url?.fields.url, a.failure !== undefined]),
      [
        [refused, true],
        [up, false],
      ],
    );
    // Sequence numbers go on across the attempts: one phone, one log.
    const seqs = log
      .trim()
      .split('\n')
      .map((l) => Number(l.split(' ')[0]));
    assert.deepEqual(
      seqs,
      seqs.map((_, i) => seqs[0]! + i),
    );
  });

  it('--failover: none comes up; exit 1, each failure reported, the log reads back as three failed attempts', async () => {
    const cnf = config('none.cnf.xml', [refused, untrusted, refused]);
    const r = await cli(['--config', cnf, '--failover', '--log', file('none.log')]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /^Result: FAILED: no gateway came up \(url1 failed at tcp: .*; url2 failed at cert-hash: .*; url3 failed at tcp: /m,
    );
    assert.match(
      r.stdout,
      new RegExp(`VPN gateway url2 ${untrusted.replace(/[./]/g, '\\$&')} presented CN=vpn-b`),
    );
    const log = readFileSync(file('none.log'), 'utf8');
    assert.deepEqual(
      attemptsOf(log).map((a) => [a.url?.fields.url, a.failure !== undefined, a.stated?.cause]),
      [
        [refused, true, undefined],
        [untrusted, true, 'cert-hash'],
        [refused, true, undefined],
      ],
    );
    assert.deepEqual([...new Set(diagnoseFindings(log).map((f) => f.id))].sort(), [
      'headend-cert-rejected',
      'login-failed',
    ]);
    // The HTML report: a step table per gateway under its URL and outcome.
    const html = await cli(['--config', cnf, '--failover', '--format', 'html']);
    assert.equal(html.code, 1);
    assert.deepEqual(
      [...html.stdout.matchAll(/<h2>(url\d) [^<]*: failed at (\S+):/g)].map((m) => [m[1], m[2]]),
      [
        ['url1', 'tcp'],
        ['url2', 'cert-hash'],
        ['url3', 'tcp'],
      ],
    );
  });

  it('--gateway all: every gateway probed, a table per gateway; exit 1 when one fails', async () => {
    const cnf = config('two.cnf.xml', [up, untrusted]);
    const r = await cli(['--config', cnf, '--gateway', 'all']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.equal(r.stdout.match(/^STEP\s+RESULT\s+TIME\s+DETAIL$/gm)?.length, 2);
    assert.match(r.stdout, new RegExp(`^== url1 ${up.replace(/[./]/g, '\\$&')}: the tunnel came up$`, 'm'));
    assert.match(r.stdout, /^== url2 .*: failed at cert-hash/m);
    assert.match(r.stdout, /^Result: FAILED: url2 failed at cert-hash/m);
    assert.match(r.stdout, /gateway-cert-not-trusted/);
    const good = await cli(['--config', config('one-up.cnf.xml', [up, up]), '--gateway', 'all', '--json']);
    assert.equal(good.code, 0, good.stdout + good.stderr);
    const report = JSON.parse(good.stdout) as GatewaysJson;
    assert.equal(report.ok, true);
    assert.equal(report.gateways.length, 2);
  });

  it('--failover: DTLS failing on url1 is no failover (voice stays on TLS): exit 0, url2 not tried, the DTLS finding kept', async () => {
    const udp = createSocket('udp4');
    await new Promise<void>((r) => udp.bind(0, '127.0.0.1', () => r()));
    try {
      const server = createTlsServer(
        { cert: id.certPem, key: id.keyPem, ciphers: 'AES256-SHA' },
        cstpHeadend({ dtls: { port: udp.address().port, cipher: 'AES256-SHA' } }),
      );
      servers.push(server);
      const noDtls = `https://127.0.0.1:${await listen(server)}/svc`;
      const cnf = config('dtls.cnf.xml', [noDtls, up]);
      const r = await cli(['--config', cnf, '--failover', '--dtls-timeout', '0.8', '--json']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const report = JSON.parse(r.stdout) as GatewaysJson;
      assert.equal(report.upGateway, 1);
      assert.equal(report.gateways[0]!.ok, false);
      assert.match(report.gateways[0]!.outcome, /^the tunnel came up, DTLS failed/);
      assert.deepEqual(report.notTried, [{ gateway: 2, url: up, why: 'url1 came up first' }]);
      assert.deepEqual(
        report.findings.map((f) => f.id),
        ['dtls-failed-tls-ok'],
      );
      // The single probe of the same gateway fails (DTLS is part of "came up" there).
      assert.equal((await cli(['--config', cnf, '--dtls-timeout', '0.8'])).code, 1);
    } finally {
      udp.close();
    }
  });

  it('the default stays one gateway (url1) with the single-gateway report', async () => {
    const cnf = config('default.cnf.xml', [up, refused]);
    const r = await cli(['--config', cnf, '--json']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const report = JSON.parse(r.stdout) as { ok: boolean; steps: unknown[]; gateways?: unknown };
    assert.equal(report.ok, true);
    assert.equal(report.gateways, undefined);
    assert.ok(Array.isArray(report.steps));
  });
});
