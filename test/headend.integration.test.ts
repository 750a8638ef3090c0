// Integration: the generated ocserv.conf runs in a real ocserv 1.3, and openconnect 9.01 connects to it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type LoadedDeployment, loadDeployment } from '../src/model/load.js';
import { generateOcservConf } from '../src/ocserv/generate.js';
import {
  createTestCa,
  type IssuedCertificate,
  issueCertificate,
  phoneCertificateSubject,
} from '../src/pki/create.js';
import {
  DEFAULT_HEADEND_ADDRESS,
  type Headend,
  makeOcpasswd,
  realHeadendMissing,
  startHeadend,
} from './support/headend.js';
import { OCSERV_PHONE_MAC, ocservDeploymentYaml } from './support/ocserv-deployment.js';

const ADDRESS = DEFAULT_HEADEND_ADDRESS;
const MAC = OCSERV_PHONE_MAC;
const USER = 'CP-8861-SEP001122334455';

/**
 * The phone's login (PROTOCOL.md §1-2), run by Node inside the phone namespace: TLS with the phone's
 * certificate and an 8861's non-EC suites, GET /svc, POST /svc, CONNECT /CSCOSSLC/tunnel. Prints one
 * JSON line: the negotiated cipher and the three answers' heads.
 */
const SVC_LOGIN = `
import { connect } from 'node:tls';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
const [host, dir, body] = process.argv.slice(2);
setTimeout(() => { console.error('svc-login: timed out'); process.exit(3); }, 15000).unref();
const s = connect({ host, port: 443, ca: readFileSync(dir + '/ca.pem'), cert: readFileSync(dir + '/phone.pem'),
  key: readFileSync(dir + '/phone.key'), ciphers: 'AES256-SHA:AES128-SHA:@SECLEVEL=0', maxVersion: 'TLSv1.2' });
let buf = '';
const waiting = [];
s.on('data', (d) => { buf += d.toString('latin1'); flush(); });
s.on('error', (e) => { console.error('svc-login:', e.message); process.exit(2); });
function flush() {
  const end = buf.indexOf('\\r\\n\\r\\n');
  if (end < 0 || waiting.length === 0) return;
  const head = buf.slice(0, end); buf = buf.slice(end + 4);
  const len = Number(/content-length: *(\\d+)/i.exec(head)?.[1] ?? 0);
  buf = buf.slice(Math.min(len, buf.length));
  waiting.shift()(head);
}
const ask = (req) => new Promise((resolve) => { waiting.push(resolve); s.write(req); });
s.once('secureConnect', async () => {
  const ua = 'User-Agent: Cisco SVC IPPhone Client v1.0 (1.0)\\r\\n';
  const get = await ask('GET /svc HTTP/1.1\\r\\nHost: ' + host + '\\r\\n' + ua + '\\r\\n');
  const post = await ask('POST /svc HTTP/1.1\\r\\nHost: ' + host + '\\r\\n' + ua + 'Cookie: webvpnlogin=1\\r\\n' +
    'Content-Type: application/x-www-form-urlencoded\\r\\nContent-Length: ' + Buffer.byteLength(body) + '\\r\\n\\r\\n' + body);
  const cookie = /set-cookie: *webvpn=([^;\\r\\n]+)/i.exec(post)?.[1];
  let tunnel = '';
  if (cookie) {
    tunnel = await ask('CONNECT /CSCOSSLC/tunnel HTTP/1.1\\r\\nHost: ' + host + '\\r\\n' + ua + 'Cookie: webvpn=' + cookie + '\\r\\n' +
      'X-CSTP-Version: 1\\r\\nX-CSTP-Hostname: SEP001122334455\\r\\nX-CSTP-Base-MTU: 1290\\r\\nX-CSTP-Address-Type: IPv4\\r\\n' +
      'X-DTLS-Master-Secret: ' + randomBytes(48).toString('hex').toUpperCase() + '\\r\\n' +
      'X-DTLS-CipherSuite: AES256-SHA:AES128-SHA\\r\\n\\r\\n');
  }
  console.log(JSON.stringify({ cipher: s.getCipher().standardName, version: s.getProtocol(), get, post: post.replace(/webvpn=[^;\\r\\n]+/gi, 'webvpn=<redacted>'), gotCookie: Boolean(cookie), tunnel }));
  s.destroy();
  process.exit(0);
});
`;

interface SvcLogin {
  cipher: string;
  version: string;
  get: string;
  post: string;
  gotCookie: boolean;
  tunnel: string;
}

interface Pki {
  ca: IssuedCertificate;
  server: IssuedCertificate;
  phone: IssuedCertificate;
}

function load(pki: Pki, dtls: boolean, auth: 'certificate' | 'aaa' = 'certificate'): LoadedDeployment {
  const files: Record<string, string> = {
    'certs/server.pem': pki.server.certPem,
    'certs/server.key': pki.server.keyPem,
    'certs/phone-ca.pem': pki.ca.certPem,
  };
  const r = loadDeployment(ocservDeploymentYaml(dtls, auth), 'integration.yaml', (f) => {
    const c = files[f];
    if (c === undefined) throw Object.assign(new Error(`no ${f}`), { code: 'ENOENT' });
    return new TextEncoder().encode(c);
  });
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.problems));
  return r;
}

/** Starts ocserv with the generated configuration, its files in the headend's private directory. */
function start(pki: Pki, dtls: boolean): Promise<Headend> {
  const loaded = load(pki, dtls);
  return startHeadend({
    files: {
      'server.pem': pki.server.certPem,
      'server.key': pki.server.keyPem,
      'phone-ca.pem': pki.ca.certPem,
    },
    ocservConf: (env) => generateOcservConf(loaded, { certDir: env.dir, runDir: env.dir }),
  });
}

/** Fails in CI (CI=true) when the machine cannot run the headend; elsewhere the reason is printed and the suite skipped. */
const missing = realHeadendMissing();

describe('real ocserv 1.3 headend', { skip: missing ?? false, timeout: 120_000 }, () => {
  let pki: Pki;
  let work: string;

  before(async () => {
    const ca = await createTestCa({ subject: 'CN=Test CAPF' });
    const server = await issueCertificate(ca, {
      subject: `CN=${ADDRESS}`,
      usage: 'server',
      sanIp: [ADDRESS],
    });
    const phone = await issueCertificate(ca, {
      subject: phoneCertificateSubject('8861', MAC),
      usage: 'client',
    });
    pki = { ca, server, phone };
    // The client's files live on the host (openconnect runs in the phone namespace, not in the tree).
    work = mkdtempSync(join(tmpdir(), 'vpnphone-oc-'));
    writeFileSync(join(work, 'ca.pem'), ca.certPem);
    writeFileSync(join(work, 'phone.pem'), phone.certPem);
    writeFileSync(join(work, 'phone.key'), phone.keyPem, { mode: 0o600 });
    // Instead of vpnc-script (which rewrites /etc/resolv.conf): only the address and the pool route.
    writeFileSync(
      join(work, 'script.sh'),
      [
        '#!/bin/sh',
        'case "$reason" in',
        '  connect)',
        '    ip link set dev "$TUNDEV" up mtu "$INTERNAL_IP4_MTU"',
        '    ip addr add "$INTERNAL_IP4_ADDRESS/32" dev "$TUNDEV"',
        '    ip route add "$INTERNAL_IP4_NETADDR/$INTERNAL_IP4_NETMASKLEN" dev "$TUNDEV"',
        '    echo "vpnphone-script: connect $INTERNAL_IP4_ADDRESS dns=$INTERNAL_IP4_DNS"',
        '    ;;',
        '  disconnect) echo "vpnphone-script: disconnect" ;;',
        'esac',
        'exit 0',
        '',
      ].join('\n'),
    );
    chmodSync(join(work, 'script.sh'), 0o755);
    writeFileSync(join(work, 'svc-login.mjs'), SVC_LOGIN);
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('accepts the generated certificate-auth configuration and listens on TCP and UDP 443', async () => {
    const he = await start(pki, true);
    try {
      const logs = he.logs();
      assert.match(logs, new RegExp(`listening \\(TCP\\) on ${ADDRESS.replace(/\./g, '\\.')}:443`));
      assert.match(logs, /listening \(UDP\) on .*:443/);
      assert.doesNotMatch(logs, /skipping unknown option|error: /);
      assert.match(await he.occtl(['show', 'status']), /Status: online/);
    } finally {
      await he.stop();
    }
  });

  it('with dtls: false listens on TCP only and offers a phone no DTLS', async () => {
    const he = await start(pki, false);
    try {
      assert.match(he.logs(), /listening \(TCP\) on/);
      assert.doesNotMatch(he.logs(), /listening \(UDP\)/);
      assert.match(await he.occtl(['show', 'status']), /Status: online/);
      const r = await he.runInPhoneNs(process.execPath, [join(work, 'svc-login.mjs'), he.address, work, ''], {
        timeoutMs: 20_000,
      });
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as SvcLogin;
      assert.match(out.tunnel, /^HTTP\/1\.1 200 CONNECTED/);
      assert.doesNotMatch(out.tunnel, /X-DTLS-/i, 'no DTLS headers: the phone stays on TLS');
    } finally {
      await he.stop();
    }
  });

  it('lets openconnect 9.01 log in with a phone certificate and carries packets through the tunnel', async () => {
    const he = await start(pki, true);
    try {
      const oc = he.spawnInPhoneNs('timeout', [
        '60',
        'openconnect',
        '--protocol=anyconnect',
        '--non-inter',
        '--cafile',
        join(work, 'ca.pem'),
        '-c',
        join(work, 'phone.pem'),
        '-k',
        join(work, 'phone.key'),
        '--script',
        join(work, 'script.sh'),
        `https://${he.address}/`,
      ]);
      const m = await oc.waitFor(/vpnphone-script: connect (\d+\.\d+\.\d+\.\d+)/, 30_000);
      const address = m[1]!;
      assert.match(address, /^10\.66\.0\.\d+$/, 'address from the pool 10.66.0.0/24');
      assert.match(oc.output(), /dns=10\.66\.1\.53/);

      const users = await he.occtl(['show', 'users']);
      assert.match(users, new RegExp(USER));
      // The phone-safe tls-priorities took effect: RSA key exchange with AES-256-CBC and SHA-1.
      const user = await he.occtl(['show', 'user', USER]);
      assert.match(user, /TLS ciphersuite:.*RSA.*AES-256-CBC.*SHA1/);

      // The headend's end of the tunnel answers a ping across it.
      const tun = await he.runInHeadendNs('ip', ['-4', '-o', 'addr', 'show']);
      const local = tun.stdout.match(/vpns\d+\s+inet (10\.66\.0\.\d+)/)?.[1];
      assert.ok(local, `no tunnel address on the headend:\n${tun.stdout}`);
      const ping = await he.runInPhoneNs('ping', ['-c', '2', '-W', '2', local], { timeoutMs: 10_000 });
      assert.equal(ping.code, 0, ping.stdout + ping.stderr);

      // A clean disconnect: openconnect says goodbye and ocserv forgets the session.
      await oc.stop(5000);
      let left = '';
      for (let i = 0; i < 50; i++) {
        left = await he.occtl(['show', 'users']);
        if (!left.includes(USER)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.doesNotMatch(left, new RegExp(USER));
      assert.match(he.logs(), new RegExp(`user '${USER}'|${USER}`));
    } finally {
      await he.stop();
    }
  });

  it('serves the phone login at /svc and answers the tunnel request with the TLS cipher for DTLS', async () => {
    const he = await start(pki, true);
    try {
      const r = await he.runInPhoneNs(process.execPath, [join(work, 'svc-login.mjs'), he.address, work, ''], {
        timeoutMs: 20_000,
      });
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as SvcLogin;
      // The phone-safe priorities leave a phone exactly one suite.
      assert.equal(out.cipher, 'TLS_RSA_WITH_AES_256_CBC_SHA');
      assert.match(out.get, /^HTTP\/1\.1 200 /);
      assert.match(out.get, /set-cookie: webvpnlogin=1/i);
      assert.match(out.post, /^HTTP\/1\.1 200 /);
      assert.ok(out.gotCookie, `no webvpn cookie in:\n${out.post}`);
      assert.match(out.tunnel, /^HTTP\/1\.1 200 CONNECTED/);
      assert.match(out.tunnel, /X-CSTP-Address: 10\.66\.0\.\d+/i);
      assert.match(out.tunnel, /X-CSTP-DNS: 10\.66\.1\.53/i);
      assert.match(out.tunnel, /X-DTLS-Port: 443/i);
      // The same cipher for DTLS as for TLS: what the phone requires (PROTOCOL.md §4).
      assert.match(out.tunnel, /X-DTLS-CipherSuite: AES256-SHA\r?$/im);
      assert.match(he.logs(), new RegExp(`auth complete \\(with cert\\) ?for user '${USER}'`));
    } finally {
      await he.stop();
    }
  });

  it('password logins (authentication: aaa) with a password file made by ocpasswd', async () => {
    const loaded = load(pki, true, 'aaa');
    const passwd = await makeOcpasswd([{ user: 'phone-user', password: 'Phone-Pass-1' }]);
    const he = await startHeadend({
      files: { 'server.pem': pki.server.certPem, 'server.key': pki.server.keyPem, ocpasswd: passwd },
      ocservConf: (env) =>
        generateOcservConf(loaded, { certDir: env.dir, runDir: env.dir, passwdFile: env.file('ocpasswd') }),
    });
    try {
      assert.match(he.ocservConf, /auth = "plain\[passwd=\/run\/vpnphone\/[^\]]+\/ocpasswd\]"/);
      // The phone's way: POST /svc with username and password.
      const login = async (body: string) => {
        const r = await he.runInPhoneNs(
          process.execPath,
          [join(work, 'svc-login.mjs'), he.address, work, body],
          {
            timeoutMs: 20_000,
          },
        );
        assert.equal(r.code, 0, r.stderr);
        return JSON.parse(r.stdout) as SvcLogin;
      };
      const no = await login('username=phone-user&password=wrong');
      assert.ok(!no.gotCookie, 'a wrong password must not get a cookie');
      assert.match(no.post, /^HTTP\/1\.1 401 /);
      const yes = await login('username=phone-user&password=Phone-Pass-1');
      assert.ok(yes.gotCookie, `no webvpn cookie in:\n${yes.post}`);
      assert.match(yes.tunnel, /^HTTP\/1\.1 200 CONNECTED/);

      const oc = he.spawnInPhoneNs(
        'timeout',
        [
          '60',
          'openconnect',
          '--protocol=anyconnect',
          '--non-inter',
          '--cafile',
          join(work, 'ca.pem'),
          '--user',
          'phone-user',
          '--passwd-on-stdin',
          '--script',
          join(work, 'script.sh'),
          `https://${he.address}/`,
        ],
        undefined,
        'Phone-Pass-1\n',
      );
      await oc.waitFor(/vpnphone-script: connect 10\.66\.0\.\d+/, 30_000);
      assert.match(await he.occtl(['show', 'users']), /phone-user/);
      await oc.stop(5000);
    } finally {
      await he.stop();
    }
  });

  it('gives legacy Cisco DTLS the TLS cipher (openconnect restricted to AES256-SHA, as a phone)', async () => {
    const he = await start(pki, true);
    try {
      // With --dtls-ciphers openconnect leaves out PSK-NEGOTIATE and speaks the phones' legacy DTLS.
      const oc = he.spawnInPhoneNs('timeout', [
        '60',
        'openconnect',
        '--protocol=anyconnect',
        '--non-inter',
        '--cafile',
        join(work, 'ca.pem'),
        '-c',
        join(work, 'phone.pem'),
        '-k',
        join(work, 'phone.key'),
        '--dtls-ciphers=AES256-SHA',
        '--script',
        join(work, 'script.sh'),
        `https://${he.address}/`,
      ]);
      await oc.waitFor(/vpnphone-script: connect /, 30_000);
      await oc.waitFor(/Established DTLS connection/, 15_000);
      const user = await he.occtl(['show', 'user', USER]);
      assert.match(user, /TLS ciphersuite: \(TLS1\.2\)-\(RSA\)-\(AES-256-CBC\)-\(SHA1\)/);
      assert.match(user, /DTLS cipher: \(DTLS0\.9\)-\(RSA\)-\(AES-256-CBC\)-\(SHA1\)/);
      await oc.stop(5000);
    } finally {
      await he.stop();
    }
  });

  it('runs two headends at once and leaves no namespace behind', async () => {
    const [a, b] = await Promise.all([start(pki, true), start(pki, false)]);
    assert.notEqual(a.headendNs, b.headendNs);
    assert.match(await a.occtl(['show', 'status']), /Status: online/);
    assert.match(await b.occtl(['show', 'status']), /Status: online/);
    await Promise.all([a.stop(), b.stop()]);
    const r = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8', timeout: 5000 });
    for (const ns of [a.headendNs, a.phoneNs, b.headendNs, b.phoneNs]) assert.ok(!r.stdout.includes(ns), ns);
    assert.ok(!existsSync(a.hostDir) && !existsSync(b.hostDir));
  });
});
