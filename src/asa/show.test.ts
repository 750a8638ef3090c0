// Tests for the show-command parsers on the seed's exact excerpts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  licenseLine,
  parseShowCryptoCaCertificates,
  parseShowIp,
  parseShowSsl,
  parseShowVersion,
  parseShowVpnSessiondb,
  phoneFromUsername,
  sessionFields,
} from './show.js';

const fixture = (f: string) => readFileSync(join(process.cwd(), 'test/fixtures/asa', f), 'utf8');

test("show version: the seed's license block says the VPN Phone license is enabled", () => {
  const v = parseShowVersion(fixture('seed-show-version.txt'));
  assert.equal(v.vpnPhone?.value, 'Enabled');
  assert.equal(v.vpnPhone?.loc.line, 15);
  assert.equal(v.licenses.find((l) => l.name === 'AnyConnect Premium Peers')?.value, '250');
  const full = parseShowVersion(
    '\nCisco Adaptive Security Appliance Software Version 9.12(2)9\nsckiewer-ASAv up 4 days 2 hours\n',
  );
  assert.equal(full.software?.value, '9.12(2)9');
  assert.equal(full.hostname, 'sckiewer-ASAv');
});

test("show ip: the seed's interfaces with nameif and address", () => {
  const rows = parseShowIp(fixture('seed-show-ip.txt'));
  assert.deepEqual(
    rows.filter((r) => r.table === 'system').map((r) => [r.hardware, r.nameif, r.ip, r.mask, r.loc.line]),
    [
      ['GigabitEthernet0/0', 'outside', '172.16.1.250', '255.255.255.0', 4],
      ['GigabitEthernet0/1', 'inside', '172.16.100.250', '255.255.255.0', 5],
    ],
  );
  assert.equal(rows.filter((r) => r.table === 'current').length, 2);
});

test("show vpn-sessiondb anyconnect: the seed's phone session with its model and MAC", () => {
  const s = parseShowVpnSessiondb(fixture('seed-vpn-sessiondb.txt'));
  assert.equal(s.length, 1);
  assert.equal(s[0]?.username, 'CP-8841-SEP682C7B40B5CE');
  assert.equal(s[0]?.phoneModel, '8841');
  assert.equal(s[0]?.phoneMac, '682C7B40B5CE');
  assert.equal(s[0]?.groupPolicy, 'VPN-Phone');
  assert.equal(s[0]?.tunnelGroup, 'VPN-Phone');
  assert.equal(s[0]?.loc.line, 3);
  assert.equal(phoneFromUsername('jdoe'), undefined);
});

test('show crypto ca certificates: identity and CA certificates with trustpoints, key and end date', () => {
  const text = `CA Certificate
  Status: Available
  Certificate Serial Number: 01
  Certificate Usage: Signature
  Public Key Type: RSA (2048 bits)
  Signature Algorithm: SHA256 with RSA Encryption
  Issuer Name:
    cn=Cisco Root CA M2
    o=Cisco
  Subject Name:
    cn=Cisco Manufacturing CA SHA2
    o=Cisco
  Validity Date:
    start date: 13:50:58 UTC Nov 12 2012
    end   date: 13:00:17 UTC Nov 12 2037
  Storage: config
  Associated Trustpoints: Cisco_Manufacturing_CA_SHA2

Certificate
  Status: Available
  Certificate Serial Number: 6b2be10809e68fff
  Certificate Usage: General Purpose
  Public Key Type: RSA (2048 bits)
  Signature Algorithm: SHA256 with RSA Encryption
  Issuer Name:
    cn=asav.sckiewer.lab
  Subject Name:
    cn=asav.sckiewer.lab
  Validity Date:
    start date: 00:00:00 UTC Jan 5 2026
    end   date: 00:00:00 UTC Jan 3 2036
  Storage: config
  Associated Trustpoints: asa-identity-cert
`;
  const certs = parseShowCryptoCaCertificates(text);
  assert.equal(certs.length, 2);
  assert.equal(certs[0]?.role, 'ca');
  assert.equal(certs[0]?.subjectCN, 'Cisco Manufacturing CA SHA2');
  assert.equal(certs[0]?.issuerCN, 'Cisco Root CA M2');
  assert.deepEqual(certs[1]?.trustpoints, ['asa-identity-cert']);
  assert.equal(certs[1]?.keyType, 'RSA');
  assert.equal(certs[1]?.keyBits, 2048);
  assert.equal(certs[1]?.endDate?.toISOString(), '2036-01-03T00:00:00.000Z');
});

test('show ssl: minimum version and trustpoint per interface', () => {
  const s = parseShowSsl(
    'Accept connections using SSLv3 or greater and negotiate to TLSv1 or greater\nSSL trust-points:\n  Self-signed (EC 256 bits ecdsa-with-SHA256) certificate available\n  Interface outside: asa-identity-cert\n',
  );
  assert.equal(s.acceptMin?.value, 'SSLv3');
  assert.deepEqual(
    s.trustpoints.map((t) => [t.iface, t.trustpoint]),
    [['outside', 'asa-identity-cert']],
  );
  assert.equal(s.selfSigned.length, 1);
});

// Regressions from fuzzing (issue 15): inputs that took seconds to minutes in backtracking patterns.
// Each is parsed at a size where the old pattern would take minutes; the generous test timeout makes
// a regression fail by timeout, not by a timing assertion.
const LINEAR = { timeout: 20_000 };

test(
  'show version: a header plus a line of 1,000,000 spaces parses (trailing space stripped by scanning)',
  LINEAR,
  () => {
    const text = `Cisco Adaptive Security Appliance Software Version 9.12(2)9\n${' '.repeat(1_000_000)}x\n${' '.repeat(200_000)}\n`;
    const v = parseShowVersion(text);
    assert.equal(v.software?.value, '9.12(2)9');
    assert.deepEqual(v.licenses, []);
  },
);

test('show version: license lines with long runs of spaces and colons keep name and value', LINEAR, () => {
  const pad = ' '.repeat(300_000);
  const v = parseShowVersion(
    `AnyConnect for Cisco VPN Phone${pad}: Disabled${pad}perpetual\nA${pad}B${pad}\nx${pad}:${pad}\nTotal VPN Peers : 250 \n`,
  );
  assert.equal(v.vpnPhone?.value, 'Disabled');
  assert.equal(v.vpnPhone?.loc.line, 1);
  assert.deepEqual(
    v.licenses.map((l) => l.name),
    ['AnyConnect for Cisco VPN Phone', 'Total VPN Peers'],
  );
  assert.equal(v.licenses[1]?.value, '250');
});

test(
  'show vpn-sessiondb: a line of 1,000,000 letters is no session and parses in linear time',
  LINEAR,
  () => {
    const text = `Session Type: AnyConnect\n${'A'.repeat(1_000_000)}\n${'Ab '.repeat(300_000)}\nUsername     : CP-8861-SEP682C7B40B5CE\n`;
    const s = parseShowVpnSessiondb(text);
    assert.equal(s.length, 1);
    assert.equal(s[0]?.username, 'CP-8861-SEP682C7B40B5CE');
    assert.equal(s[0]?.loc.line, 4);
  },
);

test('show vpn-sessiondb: two fields on one line split at two or more spaces before the next key', () => {
  assert.deepEqual(sessionFields('Group Policy  : VPN-Phone        Tunnel Group : VPN-Phone'), [
    { key: 'Group Policy', value: 'VPN-Phone' },
    { key: 'Tunnel Group', value: 'VPN-Phone' },
  ]);
  // One space is no boundary; a tab then spaces before a key is.
  assert.deepEqual(sessionFields('Username : a Index : 5'), [{ key: 'Username', value: 'a Index : 5' }]);
  assert.deepEqual(sessionFields('Index : 5  Ab  Cd\t  Ef : x'), [
    { key: 'Index', value: '5  Ab  Cd' },
    { key: 'Ef', value: 'x' },
  ]);
});

// The pattern the scanner replaced, kept here only as the reference it must agree with.
const OLD_FIELDS = /([A-Z][A-Za-z ]*?)\s*:\s(.*?)(?=\s{2,}[A-Z][A-Za-z ]*?\s*:\s|$)/g;

test('show vpn-sessiondb: the scanner agrees with the old pattern on 20,000 short random lines', () => {
  let seed = 15;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const alphabet = ['A', 'b', 'C', ' ', ' ', '\t', ':', '-', '1', 'Z'];
  for (let k = 0; k < 20_000; k++) {
    let line = '';
    const n = rnd(24);
    for (let c = 0; c < n; c++) line += alphabet[rnd(alphabet.length)];
    const expected = [...line.matchAll(OLD_FIELDS)].map((m) => ({
      key: (m[1] ?? '').trim(),
      value: (m[2] ?? '').trim(),
    }));
    assert.deepEqual(sessionFields(line), expected, JSON.stringify(line));
  }
});

// Same for the license pattern.
const OLD_LICENSE = /^\s*([A-Za-z][\w ./&()-]*?)\s*:\s*(.+?)\s*$/;

test('show version: the license scanner agrees with the old pattern on 20,000 short random lines', () => {
  let seed = 9;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const alphabet = ['A', 'b', ' ', ' ', '\t', ':', '-', '(', '1', '*'];
  for (let k = 0; k < 20_000; k++) {
    let line = '';
    const n = rnd(16);
    for (let c = 0; c < n; c++) line += alphabet[rnd(alphabet.length)];
    line = line.trimEnd();
    const m = OLD_LICENSE.exec(line);
    const expected = m?.[1] && m[2] !== undefined ? { name: m[1], value: m[2] } : undefined;
    assert.deepEqual(licenseLine(line), expected, JSON.stringify(line));
  }
});
