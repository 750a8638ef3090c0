// The log checks against the seed's excerpts (test/fixtures/logs, copied exactly) and small headend logs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseDeployment } from '../../model/load.js';
import type { Deployment } from '../../model/schema.js';
import type { Finding } from '../../report/finding.js';
import { LogDiagnosis } from './engine.js';

const FIX = join(process.cwd(), 'test/fixtures/logs');
const NOW = Date.UTC(2020, 5, 1);

function diagnose(text: string, source = 'log', deploymentYaml?: string): Finding[] {
  let deployment: Deployment | undefined;
  if (deploymentYaml) {
    const r = parseDeployment(deploymentYaml, 'd.yaml');
    assert.ok(r.ok);
    deployment = r.deployment;
  }
  const d = new LogDiagnosis({ now: NOW, deployment });
  const feed = d.openSource(source);
  // Odd chunk sizes: the checks must not depend on how the text arrives.
  for (let i = 0; i < text.length; i += 37) feed.write(text.slice(i, i + 37));
  feed.end();
  return d.findings();
}

function fixture(name: string): Finding[] {
  return diagnose(readFileSync(join(FIX, name), 'utf8'), name);
}

const ids = (f: Finding[]) => f.map((x) => x.id).sort();
const errors = (f: Finding[]) => f.filter((x) => x.severity === 'error');

describe("the seed's excerpts give their findings", () => {
  test('EC cipher chosen (new cipher -> ECDHE-...)', () => {
    const f = fixture('ec-cipher.log');
    assert.deepEqual(ids(f), ['ec-cipher-selected']);
    assert.equal(f[0]?.evidence[1]?.line, 3);
    assert.match(f[0]!.evidence[1]!.text, /new cipher -> ECDHE-RSA-AES256-GCM-SHA384:/);
    assert.match(f[0]!.fix, /ssl cipher tlsv1\.2 custom "AES256-SHA:AES128-SHA/);
  });

  test('AES chosen (new cipher -> AES256-SHA:AES128-SHA) is healthy', () => {
    assert.deepEqual(fixture('aes-selected.log'), []);
  });

  test('DTLS old session cipher, alert 47, SSL success DTLS fail', () => {
    const f = fixture('dtls-old-session.log');
    assert.deepEqual(ids(f), ['dtls-failed-tls-ok', 'dtls-old-session-cipher']);
    const old = f.find((x) => x.id === 'dtls-old-session-cipher')!;
    assert.deepEqual(
      old.evidence.map((e) => e.line),
      [1, 5, 10],
    );
    assert.match(old.evidence[2]!.text, /old session cipher not returned$/);
    assert.equal(f.find((x) => x.id === 'dtls-failed-tls-ok')?.severity, 'warning');
  });

  test('TLS offer against DTLS offer, then abort in dtls setup phase', () => {
    const f = fixture('dtls-mismatch.log');
    assert.deepEqual(ids(f), ['dtls-cipher-mismatch']);
    assert.deepEqual(
      f[0]!.evidence.map((e) => e.line),
      [2, 6, 7, 12],
    );
    assert.match(f[0]!.message, /AES256.*only AES128-SHA/);
  });

  test('DNS: gethostbyname failed, DnsLookupErr, forwarded queries without answer', () => {
    const f = fixture('dns-failed.log');
    assert.deepEqual(ids(f), ['dns-lookup-failed']);
    assert.match(f[0]!.message, /asav\.sckiewer\.lab.*192\.168\.1\.1, 192\.168\.1\.2/);
    const lines = f[0]!.evidence.map((e) => e.line);
    assert.ok(lines.includes(12) && lines.includes(23), `evidence lines ${lines}`);
  });

  test('auto-detect: ping time out then VPN enabled', () => {
    const f = fixture('autodetect.log');
    assert.deepEqual(ids(f), ['vpn-auto-started']);
    assert.equal(f[0]?.severity, 'info');
  });
});

const P = (seq: number, sev: string, t: string, text: string) =>
  `${seq} ${sev} Mar 30 ${t} (393:393) ${text}`;

describe('other phone-side findings', () => {
  test('healthy connection: no finding at all, whatever the VPNC chatter', () => {
    const log = [
      P(2690, 'NOT', '12:18:19.016943', 'VPNC: -protocol_handler: new cipher -> AES256-SHA:AES128-SHA'),
      P(2700, 'NOT', '12:18:19.400000', 'VPNC: -process_connect: x-dtls-ciphersuite: AES256-SHA'),
      P(2701, 'NOT', '12:18:19.500000', 'VPNC: -create_dtls_connection: cipher list: AES256-SHA'),
      P(2702, 'NOT', '12:18:19.600000', 'VPNC: -set_login_state: LOGIN: 1 (TRYING) --> 2 (SUCCESS)'),
      P(2703, 'NOT', '12:18:19.700000', 'VPNC: -vpnc_send_notify: notify type: 0 [Connected]'),
      P(2704, 'NOT', '12:18:19.800000', 'VPNC: -vpn_set_active: de-activated -> activated'),
    ].join('\n');
    assert.deepEqual(diagnose(log), []);
  });

  test('ping answered and the VPN stayed off; the pinged address is compared with the deployment', () => {
    const log = [
      P(5640, 'NOT', '11:32:30.000000', 'JAVA-vpnAutoDetect: ping 203.0.113.10'),
      P(5641, 'NOT', '11:32:30.100000', 'JAVA-vpnAutoDetect: ping success, reply from 203.0.113.10'),
      P(
        5642,
        'DEB',
        '11:32:30.200000',
        'JAVA-configmgr MQThread|cip.vpn.VpnStateHandler:? - VpnStateHandler: handleVPN_DISABLED_STATE()',
      ),
    ].join('\n');
    const yaml = readFileSync(join(process.cwd(), 'examples/lab/deployment.yaml'), 'utf8');
    const f = diagnose(log, 'log', yaml);
    assert.deepEqual(ids(f), ['vpn-not-started-tftp-reachable']);
    assert.match(
      f[0]!.message,
      /pinged 203\.0\.113\.10, which is not the TFTP server of the deployment \(172\.16\.100\.10\)/,
    );
    assert.equal(f[0]!.evidence.length, 3);
  });

  test('certificate hash rejected after a renewal: headend-cert-rejected with the deployment names', () => {
    const log = [
      P(100, 'NOT', '09:00:00.000000', 'VPNC: -do_login: URL -> https://asav.sckiewer.lab/phone'),
      P(101, 'NOT', '09:00:00.100000', 'VPNC: -protocol_handler: new cipher -> AES256-SHA:AES128-SHA'),
      P(102, 'ERR', '09:00:00.200000', 'VPNC: -verify_cert_hash: server certificate hash not matched'),
      P(103, 'NOT', '09:00:00.300000', 'VPNC: -set_login_state: LOGIN: 1 (TRYING) --> 3 (FAILED)'),
    ].join('\n');
    const yaml = readFileSync(join(process.cwd(), 'examples/lab/deployment.yaml'), 'utf8');
    const f = diagnose(log, 'log', yaml);
    assert.deepEqual(ids(f), ['headend-cert-rejected']);
    assert.match(f[0]!.fix, /ssl trust-point asa-identity-cert outside/);
    assert.match(f[0]!.fix, /VPN gateway asav\.sckiewer\.lab/);
  });

  test('hash not matched after an ECDHE suite: the stated cause, naming both readings and how to tell them apart', () => {
    const log = [
      P(100, 'NOT', '09:00:00.000000', 'VPNC: -do_login: URL -> https://asav.sckiewer.lab/phone'),
      P(
        101,
        'NOT',
        '09:00:00.100000',
        'VPNC: -protocol_handler: new cipher -> ECDHE-RSA-AES256-GCM-SHA384:AES256-SHA',
      ),
      P(102, 'ERR', '09:00:00.200000', 'VPNC: -verify_cert_hash: server certificate hash not matched'),
      P(103, 'NOT', '09:00:00.300000', 'VPNC: -set_login_state: LOGIN: 1 (TRYING) --> 3 (FAILED)'),
    ].join('\n');
    const yaml = readFileSync(join(process.cwd(), 'examples/lab/deployment.yaml'), 'utf8');
    const f = diagnose(log, 'log', yaml);
    assert.deepEqual(ids(f), ['headend-cert-rejected']);
    assert.match(f[0]!.message, /Two causes fit: \(1\) .*CSCuu02848.*\(2\) the certificate was renewed/);
    assert.match(f[0]!.message, /show crypto ca certificates/);
    assert.match(f[0]!.fix, /ssl cipher tlsv1\.2 custom "AES256-SHA/);
    assert.match(f[0]!.fix, /VPN gateway asav\.sckiewer\.lab/);
    assert.deepEqual(
      f[0]!.evidence.map((e) => e.line),
      [1, 2, 3],
    );
  });

  test('each attempt keeps its own cause: an EC failure, then a renewed-certificate refusal after AES', () => {
    const log = [
      P(100, 'NOT', '09:00:00.000000', 'VPNC: -do_login: URL -> https://asav.sckiewer.lab/phone'),
      P(
        101,
        'NOT',
        '09:00:00.100000',
        'VPNC: -protocol_handler: new cipher -> ECDHE-RSA-AES256-GCM-SHA384:AES256-SHA',
      ),
      P(102, 'ERR', '09:00:00.200000', 'VPNC: -protocol_handler: SSL_connect: handshake failed'),
      P(200, 'NOT', '09:05:00.000000', 'VPNC: -do_login: URL -> https://asav.sckiewer.lab/phone'),
      P(201, 'NOT', '09:05:00.100000', 'VPNC: -protocol_handler: new cipher -> AES256-SHA:AES128-SHA'),
      P(202, 'ERR', '09:05:00.200000', 'VPNC: -verify_cert_hash: server certificate hash not matched'),
    ].join('\n');
    const f = diagnose(log);
    assert.deepEqual(ids(f), ['ec-cipher-selected', 'headend-cert-rejected']);
    const cert = f.find((x) => x.id === 'headend-cert-rejected')!;
    assert.doesNotMatch(cert.message, /Two causes/);
    assert.deepEqual(
      f.find((x) => x.id === 'ec-cipher-selected')!.evidence.map((e) => e.line),
      [2, 3],
    );
  });

  test('a DNS failure before any TLS is the cause, whatever the cipher lines of other attempts', () => {
    const log = [
      P(100, 'NOT', '09:00:00.000000', 'VPNC: -do_login: URL -> https://vpn.example.invalid/phone'),
      P(101, 'ERR', '09:00:00.100000', 'VPNC: -parse_url: gethostbyname failed <vpn.example.invalid>'),
      P(102, 'NOT', '09:00:00.200000', 'VPNC: -vpnc_send_notify: notify code: 32 [DnsLookupErr]'),
    ].join('\n');
    assert.deepEqual(ids(diagnose(log)), ['dns-lookup-failed']);
  });

  test('a login failure nothing explains gives login-failed', () => {
    const log = [
      P(100, 'NOT', '09:00:00.000000', 'VPNC: -do_login: URL -> https://asav.sckiewer.lab/phone'),
      P(103, 'NOT', '09:00:00.300000', 'VPNC: -set_login_state: LOGIN: 1 (TRYING) --> 3 (FAILED)'),
      P(104, 'NOT', '09:00:00.300000', 'VPNC: -vpnc_send_notify: notify type: 1 [LoginFailed]'),
    ].join('\n');
    const f = diagnose(log);
    assert.deepEqual(ids(f), ['login-failed']);
    assert.equal(f[0]!.evidence[0]!.line, 2);
  });

  test('EC cipher then a successful CONNECT is not an EC failure', () => {
    const log = [
      P(
        1,
        'NOT',
        '09:00:00.000000',
        'VPNC: -protocol_handler: new cipher -> ECDHE-RSA-AES256-GCM-SHA384:AES256-SHA',
      ),
      P(2, 'NOT', '09:00:00.100000', 'VPNC: -process_connect: x-dtls-ciphersuite: AES256-SHA'),
    ].join('\n');
    assert.deepEqual(diagnose(log), []);
  });
});

describe('headend findings (ASA and ocserv)', () => {
  test('each ASA id gives its finding, aggregated per source', () => {
    const log = [
      'Mar 30 2020 12:23:21: %ASA-6-725014: SSL lib error. Function: ssl3_get_client_hello Reason: no shared cipher',
      'Mar 30 2020 12:23:22: %ASA-6-725014: SSL lib error. Function: ssl3_get_client_hello Reason: no shared cipher',
      'Mar 30 2020 12:23:23: %ASA-3-717009: Certificate validation failed. No suitable trustpoints found to validate certificate serial number: 1A',
      'Mar 30 2020 12:23:24: %ASA-3-717027: Certificate chain failed validation. Certificate chain is either invalid or not authorized.',
      'Mar 30 2020 12:23:25: %ASA-3-725017: No certificates received during the handshake with client outside:192.168.1.52/50000',
      'Mar 30 2020 12:23:26: %ASA-4-716039: Group <DfltGrpPolicy> User <jdoe> IP <192.168.1.52> Authentication: rejected, Session Type: WebVPN.',
      'Mar 30 2020 12:23:27: %ASA-4-722043: Group <vpn-phone-policy> User <CP-8861-SEP682C7B40B5CE> IP <192.168.1.52> DTLS disabled: unable to negotiate cipher',
      'Mar 30 2020 12:23:28: %ASA-6-722022: Group <vpn-phone-policy> User <CP-8861-SEP682C7B40B5CE> IP <192.168.1.52> TCP SVC connection established without compression',
    ].join('\n');
    const f = diagnose(log, 'asa.log');
    assert.deepEqual(ids(f), [
      'asa-auth-rejected',
      'asa-client-cert-invalid',
      'asa-dtls-cipher-failed',
      'asa-no-client-cert',
      'asa-no-shared-cipher',
    ]);
    const shared = f.find((x) => x.id === 'asa-no-shared-cipher')!;
    assert.equal(shared.evidence.length, 2);
    // The repeat is a field; the message stays the catalogue's wording.
    assert.equal(shared.count, 2);
    assert.doesNotMatch(shared.message, /times/);
    assert.match(f.find((x) => x.id === 'asa-dtls-cipher-failed')!.message, /CP-8861-SEP682C7B40B5CE/);
  });

  test('the same problem in two sources is one finding with the evidence of both and the counts added up', () => {
    const line = (s: number) =>
      `Mar 30 2020 12:23:2${s}: %ASA-6-725014: SSL lib error. Function: ssl3_get_client_hello Reason: no shared cipher`;
    const d = new LogDiagnosis({ now: NOW });
    for (const [source, lines] of [
      ['asa-a.log', [line(1), line(2)]],
      ['asa-b.log', [line(3)]],
    ] as const) {
      const feed = d.openSource(source);
      feed.write(`${lines.join('\n')}\n`);
      feed.end();
    }
    const f = d.findings();
    assert.deepEqual(ids(f), ['asa-no-shared-cipher']);
    assert.equal(f[0]!.count, 3);
    assert.deepEqual(
      f[0]!.evidence.map((e) => `${e.source}:${e.line}`),
      ['asa-a.log:1', 'asa-a.log:2', 'asa-b.log:1'],
    );
  });

  test('ocserv lines about phones give the matching findings; a phone login is not a finding', () => {
    const log = [
      "Mar 30 12:23:21 vpn ocserv[1201]: worker: 192.168.1.52 auth complete (with cert) for user 'CP-8861-SEP682C7B40B5CE'",
      'Mar 30 12:23:22 vpn ocserv[1202]: worker: 192.168.1.53 certificate verification failed: The certificate is NOT trusted.',
      'Mar 30 12:23:23 vpn ocserv[1203]: worker: 192.168.1.54 error in TLS handshake: no shared cipher',
    ].join('\n');
    assert.deepEqual(ids(diagnose(log, 'oc.log')), ['asa-client-cert-invalid', 'asa-no-shared-cipher']);
    assert.deepEqual(diagnose(log.split('\n')[0]!, 'oc.log'), []);
  });

  test("ocserv 1.3's own messages (sec-mod and worker) about phones", () => {
    const log = [
      "Mar 30 12:23:21 vpn ocserv[1100]: sec-mod: auth complete (with cert) for user 'CP-8861-SEP682C7B40B5CE' (session: 3f2a1b) of group: 'phones'",
      'Mar 30 12:23:22 vpn ocserv[1202]: worker: 192.168.1.53 client certificate verification failed: The certificate is NOT trusted. The certificate issuer is unknown.',
      'Mar 30 12:23:23 vpn ocserv[1100]: sec-mod: user CP-8861-SEP682C7B40B5CE (session: 3f2a1c) presented no certificate; rejecting',
      'Mar 30 12:23:24 vpn ocserv[1203]: worker: 192.168.1.54 GnuTLS error (at worker-vpn.c:993): Could not negotiate a supported cipher suite.',
      'Mar 30 12:23:25 vpn ocserv[1204]: worker[CP-8861-SEP682C7B40B5CE]: 192.168.1.52 worker-vpn.c:1270: no DTLS ciphersuite negotiated',
      "Mar 30 12:23:26 vpn ocserv[1100]: sec-mod: failed authentication attempt for user 'jdoe'",
      'Mar 30 12:23:27 vpn ocserv[1205]: worker[CP-8861-SEP682C7B40B5CE]: 192.168.1.52 DTLS ciphersuite: AES256-SHA',
      'Mar 30 12:23:27 vpn ocserv[1205]: worker[CP-8861-SEP682C7B40B5CE]: 192.168.1.52 TLS handshake completed',
    ].join('\n');
    assert.deepEqual(ids(diagnose(log, 'oc.log')), [
      'asa-auth-rejected',
      'asa-client-cert-invalid',
      'asa-dtls-cipher-failed',
      'asa-no-client-cert',
      'asa-no-shared-cipher',
    ]);
    const f = diagnose(log, 'oc.log').find((x) => x.id === 'asa-no-client-cert')!;
    assert.match(f.message, /^ocserv received no certificate/);
  });

  test('the deployment names the phone CA trustpoints in the fix', () => {
    const yaml = readFileSync(join(process.cwd(), 'examples/lab/deployment.yaml'), 'utf8');
    const f = diagnose('%ASA-3-717009: Certificate validation failed.', 'asa.log', yaml);
    assert.match(f[0]!.fix, /Cisco_Root_CA_M2, Cisco_Manufacturing_CA_SHA2/);
  });
});

test('all seed excerpts together give only their findings (no cross-talk between sources)', () => {
  const d = new LogDiagnosis({ now: NOW });
  for (const name of [
    'ec-cipher.log',
    'aes-selected.log',
    'dtls-old-session.log',
    'dtls-mismatch.log',
    'dns-failed.log',
    'autodetect.log',
  ]) {
    const feed = d.openSource(name);
    feed.write(readFileSync(join(FIX, name), 'utf8'));
    feed.end();
  }
  assert.deepEqual(ids(d.findings()), [
    'dns-lookup-failed',
    'dtls-cipher-mismatch',
    'dtls-failed-tls-ok',
    'dtls-old-session-cipher',
    'ec-cipher-selected',
    'vpn-auto-started',
  ]);
  assert.equal(errors(d.findings()).length, 4);
});

describe('ASA 113005 (issue 10)', () => {
  test('the user is the `user =` field; an authorization rejection is its own finding', () => {
    const f = fixture('asa-aaa-113005.log').filter((x) => x.id === 'asa-auth-rejected');
    assert.equal(f.length, 2, f.map((x) => x.message).join('\n'));
    const authn = f.find((x) => x.evidence[0]?.line === 2);
    const authz = f.find((x) => x.evidence[0]?.line === 4);
    assert.ok(authn && authz);
    assert.match(
      authn.message,
      /rejected the authentication \(reason: AAA failure, Invalid password; server 198\.51\.100\.20\)\. Users: bob\./,
    );
    assert.doesNotMatch(authn.message, /authorization|\*\*\*/);
    assert.equal(authn.count, 2);
    assert.match(
      authz.message,
      /rejected the authorization, not the authentication .*Users: carol@example\.com\./,
    );
    assert.match(authz.fix, /authorization-server-group/);
    assert.doesNotMatch(authn.fix + authz.fix, /<redacted>/);
  });
});
