// Tests for the show-command parsers on the seed's exact excerpts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  parseShowCryptoCaCertificates,
  parseShowIp,
  parseShowSsl,
  parseShowVersion,
  parseShowVpnSessiondb,
  phoneFromUsername,
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
