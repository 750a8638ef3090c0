// Records a real legacy DTLS 0.9 handshake with ocserv 1.3 (GnuTLS) as test fixtures, for the replay test.
//
//   npm run build && sudo node scripts/record-dtls09-handshake.mjs [OUTDIR]
//
// Needs what the real-headend tests need (root, scripts/headend/build-tree.sh's trixie tree). ocserv runs
// in a network namespace of its own (test/support/headend.ts); this script then runs itself again in the
// phone namespace (`--child`), where our client logs in with a phone certificate, sends the CONNECT with a
// fresh X-DTLS-Master-Secret, and does the DTLS 0.9 handshake and one DPD over UDP while every datagram
// is written down. A fixture holds what a replay needs: the CSTP exchange's master secret, session id and
// cipher, and the datagrams of both directions in order. The session was a throw-away one in a namespace,
// so its secret is no secret.
import { execFileSync, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => join(root, 'dist', p);
const SUITES = ['AES256-SHA', 'AES128-SHA'];

if (process.argv[2] === '--child') await child(JSON.parse(process.argv[3] ?? '{}'));
else await parent(resolve(process.argv[2] ?? join(root, 'test/fixtures/dtls09')));

async function parent(outDir) {
  const { certificateOcservConf, headendPrerequisites, headendTree, startHeadend } = await import(
    dist('test/support/headend.js')
  );
  const { createSelfSignedIdentity, createTestCa, issueCertificate, phoneCertificateSubject } = await import(
    dist('src/pki/create.js')
  );
  const pre = headendPrerequisites();
  if (!pre.ok) throw new Error(`cannot record: ${pre.why}`);
  const phoneCa = await createTestCa({ subject: 'CN=CAPF-test' });
  const identity = await createSelfSignedIdentity({
    subject: 'CN=asav.sckiewer.lab',
    sanDns: ['asav.sckiewer.lab'],
  });
  const phone = await issueCertificate(phoneCa, {
    subject: phoneCertificateSubject('8861', '001122334455'),
    usage: 'client',
  });
  const work = mkdtempSync(join(tmpdir(), 'vpnphone-record-'));
  writeFileSync(join(work, 'phone.pem'), phone.certPem);
  writeFileSync(join(work, 'phone.key'), phone.keyPem, { mode: 0o600 });
  const he = await startHeadend({
    files: {
      'phone-ca.pem': phoneCa.certPem,
      'identity.pem': identity.certPem,
      'identity.key': identity.keyPem,
    },
    ocservConf: certificateOcservConf({
      caCert: 'phone-ca.pem',
      serverCert: 'identity.pem',
      serverKey: 'identity.key',
      // PROTOCOL.md §6's phone-safe policy, with AES-128 too.
      tlsPriorities:
        'NONE:%SERVER_PRECEDENCE:%COMPAT:+VERS-TLS-ALL:+SIGN-ALL:+COMP-ALL:+RSA:+SHA1:+AES-256-CBC:+AES-128-CBC',
    }),
  });
  try {
    // dpkg-query's default output: package, tab, version.
    const versions = execFileSync('chroot', [headendTree(), 'dpkg-query', '-W', 'ocserv', 'libgnutls30t64'], {
      encoding: 'utf8',
    }).trim();
    mkdirSync(outDir, { recursive: true });
    for (const suite of SUITES) {
      const args = {
        address: he.address,
        suite,
        cert: join(work, 'phone.pem'),
        key: join(work, 'phone.key'),
      };
      const r = spawnSync(
        'ip',
        [
          'netns',
          'exec',
          he.phoneNs,
          process.execPath,
          fileURLToPath(import.meta.url),
          '--child',
          JSON.stringify(args),
        ],
        { encoding: 'utf8', timeout: 60_000 },
      );
      if (r.status !== 0)
        throw new Error(`recording ${suite} failed (exit ${r.status}):\n${r.stderr}\n${r.stdout}`);
      const recording = JSON.parse(r.stdout);
      // ocserv's own word that the handshake it answered completed (-d 3); its workers log a moment later.
      const logged = () =>
        new RegExp(`DTLS ciphersuite: ${suite}`).test(he.logs()) &&
        /DTLS handshake completed/.test(he.logs());
      for (let i = 0; i < 50 && !logged(); i++) await new Promise((ok) => setTimeout(ok, 100));
      if (!logged())
        throw new Error(`ocserv did not log a completed ${suite} DTLS handshake:\n${he.logs().slice(-4000)}`);
      const fixture = {
        about:
          'A legacy DTLS 0.9 session between vpnphone (client) and ocserv over UDP in test network namespaces, recorded by scripts/record-dtls09-handshake.mjs.',
        server: versions.split('\n').map((l) => l.replace('\t', ' ')),
        recorded: new Date().toISOString().slice(0, 10),
        ...recording,
      };
      const out = join(outDir, `ocserv-1.3-${suite.toLowerCase()}.json`);
      writeFileSync(out, `${JSON.stringify(fixture, null, 2)}\n`);
      console.log(`wrote ${out} (${recording.datagrams.length} datagrams)`);
    }
  } finally {
    await he.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** In the phone namespace: TLS, /svc login, CONNECT, then DTLS 0.9 and one DPD with every datagram kept. */
async function child({ address, suite, cert, key }) {
  const { StreamReader } = await import(dist('src/probe/stream.js'));
  const { login } = await import(dist('src/probe/login.js'));
  const { buildRequest, header, parseResponseHead, parseTunnelHeaders } = await import(
    dist('src/probe/http.js')
  );
  const { DTLS09_SUITES, Dtls09Client } = await import(dist('src/probe/dtls09.js'));
  const { CSTP, decodeDtlsPayload, encodeCstp, encodeDtlsPayload } = await import(dist('src/probe/cstp.js'));
  const { randomBytes } = await import('node:crypto');
  const ms = 10_000;
  const tls = tlsConnect({
    host: address,
    port: 443,
    ciphers: `${suite}:@SECLEVEL=0`,
    minVersion: 'TLSv1',
    maxVersion: 'TLSv1.2',
    rejectUnauthorized: false,
    cert: readFileSync(cert, 'utf8'),
    key: readFileSync(key, 'utf8'),
  });
  await new Promise((ok, fail) => {
    tls.once('secureConnect', ok);
    tls.once('error', fail);
  });
  const tlsFacts = { version: tls.getProtocol(), cipher: tls.getCipher().name };
  const reader = new StreamReader(tls);
  const http = async (method, path, headers, body) => {
    tls.write(buildRequest(method, path, headers, body));
    const head = parseResponseHead(await reader.readHead(ms));
    const len = Number(header(head, 'Content-Length') ?? '0');
    return { head, body: len > 0 ? (await reader.readExact(len, ms)).toString('utf8') : '' };
  };
  const cookie = await login(http, {
    style: 'svc',
    host: address,
    path: '/svc',
    url: `https://${address}/svc`,
    certAuth: true,
  });
  const master = randomBytes(48);
  tls.write(
    buildRequest('CONNECT', '/CSCOSSLC/tunnel', [
      ['Host', address],
      ['User-Agent', 'Cisco SVC IPPhone Client v1.0 (1.0)'],
      ['Cookie', `webvpn=${cookie}`],
      ['X-CSTP-Version', '1'],
      ['X-CSTP-Hostname', 'vpnphone-record'],
      ['X-CSTP-Base-MTU', '1290'],
      ['X-CSTP-Address-Type', 'IPv4'],
      ['X-CSTP-MTU', '1290'],
      ['X-DTLS-Master-Secret', master.toString('hex').toUpperCase()],
      ['X-DTLS-CipherSuite', suite],
    ]),
  );
  const head = parseResponseHead(await reader.readHead(ms, 'answer to CONNECT'));
  if (head.status !== 200) throw new Error(`CONNECT -> ${head.status} ${head.reason}`);
  const params = parseTunnelHeaders(head);
  if (!params.dtlsPort || !params.dtlsSessionId || params.dtlsCipher !== suite) {
    throw new Error(`no DTLS ${suite} in the CONNECT answer: ${JSON.stringify(params)}`);
  }
  // From here on the TLS channel carries CSTP frames; they are not part of the recording.
  reader.detach(() => undefined);

  const datagrams = [];
  const udp = createSocket('udp4');
  await new Promise((ok, fail) => {
    udp.once('error', fail);
    udp.connect(params.dtlsPort, address, ok);
  });
  const client = new Dtls09Client({
    masterSecret: master,
    sessionId: Buffer.from(params.dtlsSessionId, 'hex'),
    suite: DTLS09_SUITES[suite],
  });
  const send = (d) => {
    datagrams.push({ from: 'client', hex: d.toString('hex') });
    udp.send(d);
  };
  const dpdPayload = Buffer.from(`vpnphone-fixture-dpd-${suite}`);
  await new Promise((ok, fail) => {
    let phase = 'handshake';
    const overall = setTimeout(() => fail(new Error(`no ${phase} answer within ${ms} ms`)), ms);
    const hello = client.clientHello();
    send(hello);
    udp.on('message', (msg) => {
      datagrams.push({ from: 'server', hex: msg.toString('hex') });
      try {
        if (phase === 'handshake') {
          const out = client.receiveHandshake(msg);
          if (!out) return;
          send(out);
          phase = 'dpd';
          send(client.encrypt(encodeDtlsPayload(CSTP.DPD_REQ, dpdPayload)));
          return;
        }
        for (const d of client.decrypt(msg).data) {
          const f = decodeDtlsPayload(d);
          if (f.type === CSTP.DPD_RESP && f.payload.equals(dpdPayload)) {
            clearTimeout(overall);
            ok();
          }
        }
      } catch (e) {
        clearTimeout(overall);
        fail(e);
      }
    });
  });
  const close = client.close();
  if (close) udp.send(close);
  tls.write(encodeCstp(CSTP.DISCONNECT, Buffer.from([0xb0])));
  await new Promise((ok) => setTimeout(ok, 300));
  udp.close();
  tls.end();
  process.stdout.write(
    JSON.stringify({
      tls: tlsFacts,
      cstp: {
        'X-DTLS-Master-Secret': master.toString('hex').toUpperCase(),
        'X-DTLS-Session-ID': params.dtlsSessionId,
        'X-DTLS-CipherSuite': params.dtlsCipher,
        'X-DTLS-Port': params.dtlsPort,
      },
      dpdPayload: dpdPayload.toString('latin1'),
      datagrams,
    }),
  );
  setTimeout(() => process.exit(0), 100).unref();
}
