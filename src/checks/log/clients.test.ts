// Who an ASA line is about (issue 12, item 4): a session's client is called the phone only when the log (or
// `show vpn-sessiondb detail` read alongside) says it is one; another AnyConnect client is named as such, and
// a client nothing tells about is "the client". Line shapes as ASA 9.x logs them (syslog messages guide).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseShowVpnSessiondb } from '../../asa/show.js';
import type { Finding } from '../../report/finding.js';
import { emptyFacts } from '../facts.js';
import { namesFromFacts } from '../names.js';
import { LogDiagnosis } from './engine.js';

const NOW = Date.UTC(2024, 5, 1);

function diagnose(lines: string[], names?: Parameters<LogDiagnosis['findings']>[0]): Finding[] {
  const d = new LogDiagnosis({ now: NOW });
  const feed = d.openSource('asa.log');
  const text = `${lines.join('\n')}\n`;
  for (let i = 0; i < text.length; i += 53) feed.write(text.slice(i, i + 53));
  feed.end();
  return names ? d.findings(names) : d.findings();
}

const one = (f: Finding[], id: string): Finding => {
  const x = f.filter((y) => y.id === id);
  assert.equal(x.length, 1, `${id} once in ${f.map((y) => y.id).join(', ')}`);
  return x[0]!;
};

const at = (s: number) => `May 14 2024 10:15:${String(s).padStart(2, '0')}`;
const noShared = (s: number, ip: string) => [
  `${at(s)}: %ASA-6-725001: Starting SSL handshake with client outside:${ip}/51324 to 192.0.2.10/443 for TLSv1.2 session`,
  `${at(s)}: %ASA-7-725014: SSL lib error. Function: tls_post_process_client_hello Reason: no shared cipher`,
  `${at(s)}: %ASA-6-725006: Device failed SSL handshake with client outside:${ip}/51324 to 192.0.2.10/443`,
];
const desktop = (s: number, ip: string, user = 'jdoe') =>
  `${at(s)}: %ASA-6-722055: Group <GP-Staff> User <${user}> IP <${ip}> Client Type: Cisco AnyConnect VPN Agent for Windows 4.10.07073`;
const phone = (s: number, ip: string, user = 'phone1') =>
  `${at(s)}: %ASA-6-722055: Group <GP-Phones> User <${user}> IP <${ip}> Client Type: Cisco SVC IPPhone Client v1.0 (1.0)`;

describe('725014 and the session messages name the client the log shows', () => {
  test('a desktop AnyConnect client failing the cipher is not called the phone', () => {
    const f = one(
      diagnose([desktop(1, '203.0.113.7'), ...noShared(9, '203.0.113.7')]),
      'asa-no-shared-cipher',
    );
    assert.doesNotMatch(f.message, /\bthe phone\b/);
    assert.match(f.message, /no cipher shared with the AnyConnect client \(not a phone\)/);
    assert.match(f.message, /not a phone: change the phones' settings only if phones fail the same way/);
  });

  test('the same failure from an address the phone client used is the phone', () => {
    const f = one(
      diagnose([phone(1, '198.51.100.20'), ...noShared(9, '198.51.100.20')]),
      'asa-no-shared-cipher',
    );
    assert.match(f.message, /no cipher shared with the phone: its cipher lists allow none the phone offers/);
  });

  test('a phone certificate user name on 722022 makes its address a phone', () => {
    const f = diagnose([
      `${at(1)}: %ASA-6-722022: Group <GP-Phones> User <CP-8865-SEP0011AABB2233> IP <198.51.100.21> TCP SVC connection established without compression`,
      ...noShared(30, '198.51.100.21'),
    ]);
    assert.match(one(f, 'asa-no-shared-cipher').message, /with the phone/);
  });

  test('nothing known of the peer: the client, and the ciphers it offers', () => {
    const f = one(diagnose(noShared(9, '203.0.113.50')), 'asa-no-shared-cipher');
    assert.match(
      f.message,
      /no cipher shared with the client: its cipher lists allow none the client offers/,
    );
  });

  test('a phone and a desktop both failing: neither word claims both', () => {
    const f = diagnose([
      phone(1, '198.51.100.20'),
      desktop(2, '203.0.113.7'),
      ...noShared(9, '198.51.100.20'),
      ...noShared(20, '203.0.113.7'),
    ]);
    assert.match(one(f, 'asa-no-shared-cipher').message, /with the client:/);
  });

  test('an SSL error far from any handshake line takes no address', () => {
    const lines = [
      desktop(1, '203.0.113.7'),
      `${at(2)}: %ASA-6-725001: Starting SSL handshake with client outside:203.0.113.7/51324 to 192.0.2.10/443 for TLSv1.2 session`,
      ...Array.from(
        { length: 6 },
        (_, i) =>
          `${at(3)}: %ASA-6-302013: Built inbound TCP connection ${i} for outside:1.2.3.${i}/5 to inside:10.0.0.1/80`,
      ),
      `${at(4)}: %ASA-7-725014: SSL lib error. Function: tls_post_process_client_hello Reason: no shared cipher`,
    ];
    assert.match(one(diagnose(lines), 'asa-no-shared-cipher').message, /with the client:/);
  });

  test('the session limit hit by a desktop user: that client, and the phones after it', () => {
    const f = one(
      diagnose([
        desktop(1, '203.0.113.7', 'mkeller'),
        `${at(2)}: %ASA-4-716023: Group <GP-Staff> User <mkeller> IP <203.0.113.7> Session could not be established: session limit of 25 reached.`,
      ]),
      'asa-session-limit',
    );
    assert.match(
      f.message,
      /so the AnyConnect client \(not a phone\) could not connect, and no phone can until a peer is freed/,
    );
  });

  test('the pool used up for a phone user: give the phone', () => {
    const f = one(
      diagnose([
        `${at(2)}: %ASA-3-722020: TunnelGroup <TG-Phones> GroupPolicy <GP-Phones> User <CP-7841-SEP00AA11BB22CC> IP <198.51.100.30> No address available for SVC connection`,
      ]),
      'asa-pool-exhausted',
    );
    assert.match(f.message, /no address to give the phone/);
  });

  test('show vpn-sessiondb detail read alongside names a user-name phone the log does not', () => {
    const facts = emptyFacts();
    const sessions = [
      'Username     : line4711               Index        : 12',
      'Protocol     : AnyConnect-Parent SSL-Tunnel',
      'AnyConnect-Parent:',
      '  Client Ver   : Cisco SVC IPPhone Client v1.0',
      'Username     : jdoe                   Index        : 13',
      'AnyConnect-Parent:',
      '  Client Ver   : Cisco AnyConnect VPN Agent for Windows 4.10.07073',
    ].join('\n');
    facts.sessions.push({ source: 'sessiondb.txt', value: parseShowVpnSessiondb(sessions) });
    const names = namesFromFacts(facts);
    const limit = (user: string) =>
      `${at(2)}: %ASA-4-716023: Group <GP> User <${user}> IP <198.51.100.9> Session could not be established: session limit of 25 reached.`;
    assert.match(
      one(diagnose([limit('line4711')], names), 'asa-session-limit').message,
      /so the phone could not connect/,
    );
    assert.match(
      one(diagnose([limit('jdoe')], names), 'asa-session-limit').message,
      /so the AnyConnect client \(not a phone\) could not connect/,
    );
    // Without it, the log alone does not tell.
    assert.match(
      one(diagnose([limit('line4711')]), 'asa-session-limit').message,
      /so the client could not connect/,
    );
  });

  test('reconnect churn of a desktop peer does not say calls drop', () => {
    const lines = [desktop(0, '203.0.113.7')];
    for (let i = 1; i <= 3; i++)
      lines.push(
        `May 14 2024 10:1${i}:00: %ASA-5-722032: Group <GP-Staff> User <jdoe> IP <203.0.113.7> New TCP SVC connection replacing old connection.`,
      );
    const f = one(diagnose(lines), 'tunnel-reconnect-churn');
    assert.match(f.message, /an AnyConnect client, not a phone/);
    assert.doesNotMatch(f.message, /calls drop/);
  });
});
