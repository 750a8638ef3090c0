// The probe against hostile headends and TFTP servers on loopback (issue 15): each run ends within its
// timeout with a failed step (exit 1) that says what actually happened.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import type { Server, Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { phoneModel } from '../src/model/catalogue.js';
import { certHashOf } from '../src/pki/cert.js';
import { createSelfSignedIdentity, type IssuedCertificate } from '../src/pki/create.js';
import { encodeCstp } from '../src/probe/cstp.js';
import { type ProbeResult, runProbe } from '../src/probe/run.js';
import { CONNECTED } from './support/cstp-headend.js';
import { type CliResult, repoPath, repoRoot, tempDir } from './support/paths.js';
import { listen, phoneConfig, stepOf } from './support/probe-local.js';

const model = phoneModel('8861')!;

/** `vpnphone ARGS` in a child process without blocking this one (its servers must keep answering). */
function runCliAsync(args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [repoPath('bin/vpnphone.js'), ...args], { cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const config = phoneConfig;

/** The first failed step: the probe stops there, so it is the one a user reads. */
function failed(r: ProbeResult) {
  assert.equal(r.ok, false, 'the probe should fail (exit 1)');
  const s = r.steps.find((x) => x.status === 'failed');
  assert.ok(s, 'no failed step');
  return s;
}

/**
 * A headend that logs the phone in (GET and POST /svc, a webvpn cookie) and answers CONNECT with
 * `connectHead` (lines) and then `afterConnect` bytes; or `onRequest` answers each request itself.
 */
function hostileHeadend(o: {
  connectHead?: string[];
  afterConnect?: Buffer;
  onRequest?: (s: TLSSocket, request: string) => boolean;
}): (s: TLSSocket) => void {
  return (s) => {
    let buf = '';
    s.on('error', () => undefined);
    s.on('data', (c: Buffer) => {
      buf += c.toString('latin1');
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const req = buf.slice(0, end);
        buf = buf.slice(end + 4);
        const len = Number(/content-length:\s*(\d+)/i.exec(req)?.[1] ?? '0');
        buf = buf.slice(len);
        if (o.onRequest?.(s, req)) continue;
        if (req.startsWith('GET ')) s.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
        else if (req.startsWith('POST '))
          s.write('HTTP/1.1 200 OK\r\nSet-Cookie: webvpn=ABCDEF0123456789\r\nContent-Length: 0\r\n\r\n');
        else if (req.startsWith('CONNECT ')) {
          s.write(`${(o.connectHead ?? CONNECTED).join('\r\n')}\r\n\r\n`);
          if (o.afterConnect) s.write(o.afterConnect);
        }
      }
    });
  };
}

describe('probe against hostile headends', { timeout: 120_000 }, () => {
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  let rsa: IssuedCertificate;

  before(async () => {
    rsa = await createSelfSignedIdentity({ subject: 'CN=asav.sckiewer.lab', sanDns: ['asav.sckiewer.lab'] });
  });

  after(() => {
    for (const s of sockets) s.destroy();
    for (const s of servers) s.close();
  });

  async function start(handler: (s: TLSSocket) => void, cert = rsa.certPem, key = rsa.keyPem) {
    const server = createTlsServer({ cert, key }, handler);
    servers.push(server);
    server.on('secureConnection', (s: TLSSocket) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    return listen(server);
  }

  async function probe(handler: (s: TLSSocket) => void): Promise<ProbeResult> {
    const port = await start(handler);
    return runProbe({
      config: config(`https://127.0.0.1:${port}/svc`, [certHashOf(rsa.der)]),
      model,
      stepTimeoutMs: 1500,
    });
  }

  for (const [what, line, expected] of [
    ['MTU 0', 'X-CSTP-MTU: 0', /X-CSTP-MTU "0" is not an integer from 256 to 1500/],
    ['MTU 99999', 'X-CSTP-MTU: 99999', /X-CSTP-MTU "99999" is not an integer from 256 to 1500/],
    ['MTU -1500', 'X-CSTP-MTU: -1500', /X-CSTP-MTU "-1500" is not an integer/],
    [
      'an address that is no address',
      'X-CSTP-Address: 10.10.10.999',
      /X-CSTP-Address "10.10.10.999" is not an IPv4/,
    ],
  ] as const) {
    it(`a CONNECT answer with ${what} fails the tunnel step`, async () => {
      const head = CONNECTED.map((l) => (l.split(':')[0] === line.split(':')[0] ? line : l));
      const r = await probe(hostileHeadend({ connectHead: head }));
      const s = failed(r);
      assert.equal(s.step, 'tunnel');
      assert.match(s.detail, expected);
    });
  }

  it('a CONNECT answer without X-CSTP-Address fails the tunnel step', async () => {
    const r = await probe(
      hostileHeadend({ connectHead: CONNECTED.filter((l) => !l.startsWith('X-CSTP-Address')) }),
    );
    assert.equal(failed(r).step, 'tunnel');
    assert.match(failed(r).detail, /no X-CSTP-Address/);
  });

  for (const [what, lines, expected] of [
    ['port 0', ['X-DTLS-Port: 0'], /X-DTLS-Port "0" is not an integer from 1 to 65535/],
    ['port 70000', ['X-DTLS-Port: 70000'], /X-DTLS-Port "70000" is not an integer from 1 to 65535/],
    ['a short session id', ['X-DTLS-Session-ID: ABCD'], /X-DTLS-Session-ID "ABCD" is not 64 hex digits/],
    [
      'an unknown cipher',
      ['X-DTLS-CipherSuite: ROT13-SHA'],
      /X-DTLS-CipherSuite "ROT13-SHA" is no DTLS 0.9 cipher suite/,
    ],
  ] as const) {
    it(`DTLS offered with ${what} fails the dtls step clearly (not the socket's raw error)`, async () => {
      const dtls = new Map([
        ['X-DTLS-Port', 'X-DTLS-Port: 443'],
        ['X-DTLS-Session-ID', `X-DTLS-Session-ID: ${'AB'.repeat(32)}`],
        ['X-DTLS-CipherSuite', 'X-DTLS-CipherSuite: AES256-SHA'],
      ]);
      for (const l of lines) dtls.set(l.split(':')[0] ?? '', l);
      const r = await probe(hostileHeadend({ connectHead: [...CONNECTED, ...dtls.values()] }));
      const s = failed(r);
      assert.equal(s.step, 'dtls');
      assert.match(s.detail, expected);
      assert.doesNotMatch(s.detail, /Port should be/);
    });
  }

  it('a CSTP DISCONNECT right after CONNECT fails the keepalive step: the session is over', async () => {
    const r = await probe(hostileHeadend({ afterConnect: encodeCstp(0x05, Buffer.from([0xb0])) }));
    const s = failed(r);
    assert.equal(s.step, 'keepalive');
    assert.match(s.detail, /the headend ended the session \(CSTP DISCONNECT\)/);
  });

  it('bytes that are not CSTP after CONNECT are a framing error, not "no DPD response"', async () => {
    const r = await probe(hostileHeadend({ afterConnect: Buffer.from('HTTP/1.1 200 OK\r\n\r\ngarbage') }));
    const s = failed(r);
    assert.equal(s.step, 'keepalive');
    assert.match(s.detail, /CSTP framing error/);
  });

  it('a 10 MB header is refused (head over 64 KiB), and explained as that, not certificate authentication', async () => {
    const r = await probe(
      hostileHeadend({
        onRequest: (s, req) => {
          if (!req.startsWith('GET ')) return false;
          s.write(`HTTP/1.1 200 OK\r\nX-Junk: ${'x'.repeat(10 * 1024 * 1024)}\r\n\r\n`);
          return true;
        },
      }),
    );
    const s = failed(r);
    assert.equal(s.step, 'login');
    assert.match(s.detail, /head larger than 64 KiB/);
    assert.doesNotMatch(s.detail, /certificate authentication/);
  });

  it('a 1 MB cookie is refused, never accepted cut short', async () => {
    const r = await probe(
      hostileHeadend({
        onRequest: (s, req) => {
          if (!req.startsWith('POST ')) return false;
          s.write(
            `HTTP/1.1 200 OK\r\nSet-Cookie: webvpn=${'C'.repeat(1024 * 1024)}\r\nContent-Length: 0\r\n\r\n`,
          );
          return true;
        },
      }),
    );
    assert.equal(failed(r).step, 'login');
    assert.match(failed(r).detail, /head larger than 64 KiB/);
  });

  it('a body over the limit (Content-Length 10 MB) is refused', async () => {
    const r = await probe(
      hostileHeadend({
        onRequest: (s, req) => {
          if (!req.startsWith('GET ')) return false;
          s.write('HTTP/1.1 200 OK\r\nContent-Length: 10000000\r\n\r\n');
          return true;
        },
      }),
    );
    assert.match(failed(r).detail, /over the 1024 KiB limit/);
  });

  it('a login answered with garbage, or not at all, says so', async () => {
    const garbage = await probe(
      hostileHeadend({
        onRequest: (s, req) => {
          if (!req.startsWith('GET ')) return false;
          s.write('\x00\x01garbage that is not HTTP\r\n\r\n');
          return true;
        },
      }),
    );
    assert.equal(failed(garbage).step, 'login');
    assert.match(failed(garbage).detail, /^no usable answer to the login: /);
    assert.doesNotMatch(failed(garbage).detail, /certificate authentication/);
    const silent = await probe(hostileHeadend({ onRequest: (_s, req) => req.startsWith('GET ') }));
    assert.match(
      failed(silent).detail,
      /^no usable answer to the login: no answer to GET \/svc within 1500 ms/,
    );
  });

  it('a login answer sent one byte at a time ends at the step timeout, as a timeout', async () => {
    const timers: NodeJS.Timeout[] = [];
    const r = await probe(
      hostileHeadend({
        onRequest: (s, req) => {
          if (!req.startsWith('GET ')) return false;
          const answer = `HTTP/1.1 200 OK\r\nX-Slow: ${'x'.repeat(1000)}\r\n\r\n`;
          let i = 0;
          const drip = setInterval(() => {
            if (s.destroyed || i >= answer.length) clearInterval(drip);
            else s.write(answer.charAt(i++));
          }, 50);
          timers.push(drip);
          return true;
        },
      }),
    );
    for (const t of timers) clearInterval(t);
    const s = failed(r);
    assert.equal(s.step, 'login');
    assert.match(s.detail, /^no usable answer to the login: no answer to GET \/svc within 1500 ms/);
  });

  it('a login answered with a redirect (a loop of them, even) names the redirect', async () => {
    const r = await probe(
      hostileHeadend({
        onRequest: (s, req) => {
          if (!req.startsWith('GET ')) return false;
          s.write('HTTP/1.1 302 Found\r\nLocation: /svc\r\nContent-Length: 0\r\n\r\n');
          return true;
        },
      }),
    );
    const s = failed(r);
    assert.equal(s.step, 'login');
    assert.match(s.detail, /302 Found \(Location: \/svc\)/);
    assert.match(s.detail, /redirected the login/);
    assert.doesNotMatch(s.detail, /certificate authentication/);
  });

  it('a headend echoing the login body (URL-encoded) or the password (however short) never shows it', async () => {
    // The POST answer's reason phrase quotes what it got: the form body, and the password alone.
    const port = await start((s) => {
      let buf = '';
      s.on('error', () => undefined);
      s.on('data', (c: Buffer) => {
        buf += c.toString('latin1');
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.slice(0, end);
        const len = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? '0');
        if (head.startsWith('GET ')) {
          buf = buf.slice(end + 4 + len);
          s.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
          return;
        }
        if (buf.length < end + 4 + len) return;
        const body = buf.slice(end + 4, end + 4 + len);
        const pw = new URLSearchParams(body).get('password') ?? '';
        buf = '';
        s.end(
          `HTTP/1.1 401 Rejected ${body} (${pw}, ${encodeURIComponent(pw)})\r\nContent-Length: 0\r\n\r\n`,
        );
      });
    });
    const hash = certHashOf(rsa.der);
    const dir = tempDir('vpnphone-echo-');
    try {
      for (const password of ['Pa ss@1!x', 'q7']) {
        for (const json of [false, true]) {
          const log = join(dir.dir, 'probe.log');
          const r = await runCliAsync([
            'probe',
            '--url',
            `https://127.0.0.1:${port}/svc`,
            '--cert-hash',
            hash,
            '--username',
            'phone1',
            '--password',
            password,
            '--timeout',
            '3',
            '--verbose',
            '--log',
            log,
            ...(json ? ['--json'] : []),
          ]);
          assert.equal(r.code, 1, r.stderr);
          const out = r.stdout + r.stderr + readFileSync(log, 'utf8');
          // The headend did echo it: the reason phrase is in the output, the password is not.
          assert.match(out, /401 Rejected/);
          for (const spelling of [
            password,
            encodeURIComponent(password),
            new URLSearchParams({ p: password }).toString().slice(2),
          ])
            assert.ok(
              !new RegExp(
                `(^|[^A-Za-z0-9])${spelling.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^A-Za-z0-9]|$)`,
              ).test(out),
              `${password}: ${spelling} in ${out.slice(0, 3000)}`,
            );
        }
      }
    } finally {
      dir.cleanup();
    }
  });

  it('a certificate OpenSSL accepts but the decoder cannot read (ku-tag.pem) fails the tls step, not an internal error', async () => {
    const cert = readFileSync(repoPath('test/fixtures/fuzz/ku-tag.pem'), 'utf8');
    const key = readFileSync(repoPath('test/fixtures/fuzz/ku-key.pem'), 'utf8');
    const port = await start(hostileHeadend({}), cert, key);
    const r = await runProbe({
      config: config(`https://127.0.0.1:${port}/svc`, []),
      model,
      stepTimeoutMs: 1500,
    });
    const s = failed(r);
    assert.equal(s.step, 'tls');
    assert.match(
      s.detail,
      /^the headend's certificate \(SHA-1 [0-9A-F]{40}\) cannot be decoded: not a valid X\.509 certificate/,
    );
    assert.equal(stepOf(r, 'keepalive').detail, 'not reached');
  });
});

describe('probe --tftp against a TFTP server that never stops sending', { timeout: 60_000 }, () => {
  it('ends within the step timeout (size cap or deadline) with exit 1 and the tftp step failed', async () => {
    // The project's own hostile server: an OACK for the block size asked, then a full block for every ACK.
    const server = createSocket('udp4');
    const transfers: ReturnType<typeof createSocket>[] = [];
    server.on('message', (m, peer) => {
      if (m.readUInt16BE(0) !== 1) return;
      const t = createSocket('udp4');
      transfers.push(t);
      const fields = m.toString('latin1', 2).split('\0');
      const blk = Number(fields[fields.indexOf('blksize') + 1] ?? '512');
      let n = 1;
      const block = Buffer.alloc(blk, 0x41);
      t.on('message', (a) => {
        if (a.readUInt16BE(0) !== 4) return;
        t.send(Buffer.concat([Buffer.from([0, 3, (n >> 8) & 255, n & 255]), block]), peer.port, peer.address);
        n = (n + 1) & 0xffff;
      });
      t.bind(0, '127.0.0.1', () =>
        t.send(Buffer.from(`\0\x06blksize\0${blk}\0`, 'latin1'), peer.port, peer.address),
      );
    });
    await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', () => resolve()));
    const port = server.address().port;
    try {
      // The CLI runs in a child process, asynchronously: this process keeps serving meanwhile.
      const r = await runCliAsync([
        'probe',
        '--tftp',
        `127.0.0.1:${port}`,
        '--mac',
        '001122334455',
        '--http-port',
        '9',
        '--timeout',
        '3',
        '--json',
      ]);
      assert.equal(r.code, 1, r.stderr);
      const report = JSON.parse(r.stdout) as { findings: { id: string; message: string }[] };
      assert.deepEqual(
        report.findings.map((f) => f.id),
        ['probe-step-failed'],
      );
      // Whichever comes first on a loaded machine: the 4 MiB cap or the 3 s step deadline.
      assert.match(
        report.findings[0]?.message ?? '',
        /^The probe's tftp step failed: .*TFTP: .*(file larger than 4194304 bytes|transfer not complete within 3000 ms)/,
      );
    } finally {
      for (const t of transfers) t.close();
      server.close();
    }
  });
});
