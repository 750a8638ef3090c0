// Every configuration check fires on a small real-looking input and stays silent on the clean lab.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CATALOGUE } from '../../findings/catalogue/index.js';
import { loadDeployment } from '../../model/load.js';
import { type AuditOptions, runAudit } from '../audit.js';
import type { RawInput } from '../facts.js';
import { CONFIG_CHECKS } from './index.js';

const root = process.cwd();
const ex = (p: string) => readFileSync(join(root, 'examples/audit', p), 'utf8');
const NOW = new Date('2026-11-27T00:00:00Z');

const LAB: Record<string, string> = {
  'running-config.txt': ex('lab/running-config.txt'),
  'show-version.txt': ex('lab/show-version.txt'),
  'show-ip.txt': ex('lab/show-ip.txt'),
  'SEP682C7B40B5CE.cnf.xml': ex('lab/SEP682C7B40B5CE.cnf.xml'),
};

function labDeployment(): NonNullable<AuditOptions['deployment']> {
  const dir = join(root, 'examples/lab');
  const r = loadDeployment(readFileSync(join(dir, 'deployment.yaml'), 'utf8'), 'deployment.yaml', (f) =>
    readFileSync(join(dir, f)),
  );
  if (!r.ok) throw new Error('lab deployment does not load');
  return { source: 'examples/lab/deployment.yaml', value: { deployment: r.deployment, certs: r.certs } };
}

function audit(files: Record<string, string>, opts: AuditOptions = {}) {
  const inputs: RawInput[] = Object.entries(files).map(([source, text]) => ({
    source,
    bytes: Buffer.from(text),
  }));
  return runAudit(inputs, { now: NOW, ...opts });
}

/** The lab with one file edited; fails loudly when the edit does not apply (so a test cannot pass by accident). */
function labWith(
  file: string,
  from: string | RegExp,
  to: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  const before = LAB[file] ?? '';
  const after = before.replace(from, to);
  assert.notEqual(after, before, `edit of ${file} did not apply: ${from}`);
  return { ...LAB, [file]: after, ...extra };
}

const SESSION = (user: string) => `fw# show vpn-sessiondb anyconnect
Session Type: AnyConnect
Username      : ${user}
Index        : 7
Group Policy  : vpn-phone-policy Tunnel Group : vpn-phone-group
`;

const RC = 'running-config.txt';
const PHONE = 'SEP682C7B40B5CE.cnf.xml';

interface Case {
  files: Record<string, string>;
  opts?: AuditOptions;
  /** Text the finding's message or fix must contain (the real names filled in). */
  mentions: string;
}

const CF = (n: string) => readFileSync(join(process.cwd(), 'test/fixtures/config-failures', n), 'utf8');
const FIRES: Record<string, Case> = {
  'split-tunnel-not-tunnelall': {
    files: { 'asa.txt': CF('asa-split-own.txt') },
    mentions: 'split-tunnel-policy tunnelall',
  },
  'vpn-peer-license-short': {
    files: {
      'sv.txt': CF('show-version-smart.txt'),
      'p.cnf.xml': CF('SEP001122334455.cnf.xml'),
      'q.cnf.xml': CF('SEP001122334455.cnf.xml').replace('SEP001122334455', 'SEP001122334466'),
    },
    mentions: 'Total VPN Peers',
  },
  'address-pool-too-small': {
    files: {
      'asa.txt': CF('asa-split-own.txt'),
      'p.cnf.xml': CF('SEP001122334455.cnf.xml'),
      'q.cnf.xml': CF('SEP001122334455.cnf.xml').replace('SEP001122334455', 'SEP001122334466'),
      'r.cnf.xml': CF('SEP001122334455.cnf.xml').replace('SEP001122334455', 'SEP001122334477'),
    },
    mentions: 'PHONE-POOL',
  },
  'ocserv-svc-compat-disabled': {
    files: { 'ocserv.conf': CF('ocserv-desktop.conf'), 'p.cnf.xml': CF('SEP001122334455.cnf.xml') },
    mentions: 'cisco-svc-client-compat = true',
  },
  'ocserv-udp-port-not-443': {
    files: { 'ocserv.conf': CF('ocserv-udp-4443.conf') },
    mentions: 'udp-port = 443',
  },
  'gateway-url-not-svc': {
    files: { 'ocserv.conf': CF('ocserv-desktop.conf'), 'p.cnf.xml': CF('SEP001122334455.cnf.xml') },
    mentions: '/svc',
  },
  'license-vpn-phone-disabled': {
    files: labWith(
      'show-version.txt',
      'AnyConnect for Cisco VPN Phone : Enabled',
      'AnyConnect for Cisco VPN Phone : Disabled',
    ),
    mentions: 'AnyConnect for Cisco VPN Phone : Disabled',
  },
  'undefined-reference': {
    files: labWith(RC, ' address-pool vpn-phone-pool', ' address-pool vpn-phone-pol'),
    mentions: 'address-pool vpn-phone-pool',
  },
  'group-policy-no-ssl-client': {
    files: labWith(RC, 'vpn-tunnel-protocol ssl-client', 'vpn-tunnel-protocol ikev2'),
    mentions: 'vpn-tunnel-protocol ikev2 ssl-client',
  },
  'webvpn-not-enabled': {
    files: labWith(RC, /^ enable outside$/m, ' enable inside'),
    mentions: 'enable outside',
  },
  'anyconnect-not-enabled': {
    files: labWith(RC, ' anyconnect enable\n', ''),
    mentions: 'webvpn\n anyconnect enable',
  },
  'group-url-missing': {
    files: labWith(RC, ' group-url https://asav.sckiewer.lab/phone enable\n', ''),
    mentions: 'tunnel-group vpn-phone-group webvpn-attributes',
  },
  'group-url-mismatch': {
    files: labWith(
      RC,
      'group-url https://asav.sckiewer.lab/phone enable',
      'group-url https://asav.sckiewer.lab/phone/ enable',
    ),
    mentions: 'trailing slash',
  },
  'auth-method-mismatch': {
    files: labWith(RC, 'authentication certificate', 'authentication aaa'),
    mentions: 'tunnel-group vpn-phone-group webvpn-attributes\n authentication certificate',
  },
  'ssl-trustpoint-missing': {
    files: labWith(RC, 'ssl trust-point asa-identity-cert outside\n', ''),
    mentions: 'ssl trust-point asa-identity-cert outside',
  },
  'gateway-cert-not-trusted': {
    files: {
      [RC]: ex('renewed-cert/running-config.txt'),
      [PHONE]: ex('renewed-cert/SEP682C7B40B5CE.cnf.xml'),
    },
    mentions: 'crypto ca export asa-identity-cert-2',
  },
  'host-id-check-mismatch': {
    files: {
      ...labWith(RC, 'https://asav.sckiewer.lab/phone', 'https://172.16.1.250/phone'),
      [PHONE]: (LAB[PHONE] ?? '')
        .replace('<enableHostIDCheck>0', '<enableHostIDCheck>1')
        .replace('https://asav.sckiewer.lab/phone', 'https://172.16.1.250/phone'),
    },
    mentions: '172.16.1.250',
  },
  'cert-expired': {
    files: LAB,
    opts: { now: new Date('2036-06-01T00:00:00Z') },
    mentions: 'asa-identity-cert-2',
  },
  'cert-expiring': {
    files: LAB,
    opts: { now: new Date('2035-12-01T00:00:00Z') },
    mentions: 'ssl trust-point asa-identity-cert-2 outside',
  },
  'phone-ca-trustpoint-missing': {
    files: labWith(
      RC,
      'crypto ca trustpoint Cisco_Manufacturing_CA_SHA2\n enrollment terminal\n crl configure\n',
      '',
    ),
    mentions: 'crypto ca authenticate Cisco_Manufacturing_CA_SHA2',
  },
  'ec-cipher-risk': { files: labWith(RC, /^ssl cipher .*\n/gm, ''), mentions: 'ssl cipher tlsv1.2 custom' },
  'dtls-tls-cipher-mismatch': {
    files: labWith(RC, /^ssl cipher dtlsv1 custom .*$/m, 'ssl cipher dtlsv1 custom "AES128-SHA"'),
    mentions: 'ssl cipher dtlsv1 custom "AES256-SHA',
  },
  'tls-no-shared-cipher': {
    files: labWith(
      RC,
      /^ssl cipher tlsv1\.2 custom .*$/m,
      'ssl cipher tlsv1.2 custom "ECDHE-ECDSA-AES256-GCM-SHA384"',
    ),
    mentions: 'ssl cipher tlsv1.2 custom "AES256-SHA:AES128-SHA:ECDHE-ECDSA-AES256-GCM-SHA384"',
  },
  'tls-version-unsupported': {
    files: labWith(
      RC,
      'ssl trust-point asa-identity-cert outside\n',
      'ssl trust-point asa-identity-cert outside\nssl server-min-version tlsv1.2\n',
      {
        'sessions.txt': SESSION('CP-7962-SEP001122334455'),
      },
    ),
    mentions: 'ssl server-min-version tlsv1',
  },
  'phone-model-no-vpn': {
    files: { ...LAB, 'sessions.txt': SESSION('CP-7911-SEP001122334466') },
    mentions: 'The 7911 has no VPN client',
  },
  'dtls-disabled': {
    files: labWith(
      RC,
      ' vpn-tunnel-protocol ssl-client\n',
      ' vpn-tunnel-protocol ssl-client\n webvpn\n  anyconnect ssl dtls none\n',
    ),
    mentions: 'no anyconnect ssl dtls none',
  },
  'hostname-needs-dns': { files: LAB, mentions: 'asav.sckiewer.lab' },
  'alternate-tftp-required': { files: LAB, mentions: 'TFTP Server 1: <CUCM TFTP address>' },
  'auto-network-detect-on': {
    files: labWith(PHONE, '<autoNetDetect>0', '<autoNetDetect>1'),
    mentions: 'Make sure the TFTP address does not answer pings',
  },
  'vpn-profile-out-of-range': { files: labWith(PHONE, '<mtu>1290', '<mtu>1500'), mentions: '1500' },
  'vpn-group-limits': {
    files: {
      ...LAB,
      'getVpnGroup.xml': `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>
<ns:getVpnGroupResponse xmlns:ns="http://www.cisco.com/AXL/API/12.5"><return>
<vpnGroup uuid="{A1}">
<name>VPN_Group_1</name>
<vpnGateways>
<member><vpnGatewayName>gw1</vpnGatewayName><priority>1</priority></member>
<member><vpnGatewayName>gw2</vpnGatewayName><priority>2</priority></member>
<member><vpnGatewayName>gw3</vpnGatewayName><priority>3</priority></member>
<member><vpnGatewayName>gw4</vpnGatewayName><priority>4</priority></member>
</vpnGateways>
</vpnGroup>
</return></ns:getVpnGroupResponse></soapenv:Body></soapenv:Envelope>
`,
    },
    mentions: 'VPN_Group_1',
  },
  'no-vpn-headend': {
    files: {
      [RC]: 'ASA Version 9.16(4)\nhostname edge\ninterface GigabitEthernet0/0\n nameif outside\n ip address 192.0.2.1 255.255.255.0\nroute outside 0.0.0.0 0.0.0.0 192.0.2.254 1\n',
    },
    mentions: 'no remote-access SSL VPN',
  },
  'unrecognized-input': {
    files: { ...LAB, 'notes.txt': 'call the ISP about the line\n' },
    mentions: 'Not used: text of no known kind.',
  },
  'deployment-drift': {
    files: labWith(
      RC,
      /^ip local pool vpn-phone-pool .*$/m,
      'ip local pool vpn-phone-pool 10.10.2.1-10.10.2.254 mask 255.255.255.0',
    ),
    opts: { deployment: labDeployment() },
    mentions: 'ip local pool vpn-phone-pool 10.10.1.1-10.10.1.254 mask 255.255.255.0',
  },
};

const labReport = audit(LAB, { deployment: labDeployment() });
/** Info findings that are right to give on the lab: it uses a host name, and VPN phones always need Alternate TFTP. */
const EXPECTED_ON_LAB = ['alternate-tftp-required', 'hostname-needs-dns'];

test('the clean lab gives no error and no warning, only the expected information', () => {
  assert.deepEqual(
    labReport.findings.filter((f) => f.severity !== 'info').map((f) => `${f.id}: ${f.message}`),
    [],
  );
  assert.deepEqual([...new Set(labReport.findings.map((f) => f.id))].sort(), EXPECTED_ON_LAB);
});

test('every configuration check of RULES.md has a firing case here', () => {
  for (const c of CONFIG_CHECKS) assert.ok(FIRES[c.id], `no test case for ${c.id}`);
});

describe('each check fires on a small real-looking input', () => {
  for (const [id, c] of Object.entries(FIRES)) {
    test(id, () => {
      const r = audit(c.files, c.opts);
      const hits = r.findings.filter((f) => f.id === id);
      assert.ok(hits.length > 0, `${id} did not fire; got ${r.findings.map((f) => f.id).join(', ')}`);
      for (const h of hits) {
        // The check's own remedy, worded from what it found, not the catalogue's generic one.
        assert.notEqual(h.fix, CATALOGUE[h.id].fix, `${id}: the generic fix`);
        assert.ok(h.evidence.length > 0, `${id}: no evidence`);
        for (const e of h.evidence)
          assert.ok(e.source.length > 0 && e.text.length > 0, `${id}: evidence needs source and text`);
      }
      const text = hits.map((h) => `${h.message}\n${h.fix}`).join('\n');
      assert.ok(text.includes(c.mentions), `${id} should mention ${c.mentions}:\n${text}`);
    });
  }
});

describe('a check stays silent where its cause is absent', () => {
  test('hostname-needs-dns is silent when the URLs are IP addresses', () => {
    const files = {
      ...labWith(RC, 'https://asav.sckiewer.lab/phone', 'https://172.16.1.250/phone'),
      [PHONE]: (LAB[PHONE] ?? '').replace('https://asav.sckiewer.lab/phone', 'https://172.16.1.250/phone'),
    };
    assert.deepEqual(
      audit(files).findings.filter((f) => f.id === 'hostname-needs-dns'),
      [],
    );
  });
});

test('evidence quotes the exact line: the pool typo at its line in the running configuration', () => {
  const r = audit(FIRES['undefined-reference']?.files ?? {});
  const f = r.findings.find((x) => x.id === 'undefined-reference');
  const lines = (FIRES['undefined-reference']?.files[RC] ?? '').split('\n');
  const e = f?.evidence[0];
  assert.equal(e?.source, RC);
  assert.equal(lines[(e?.line ?? 0) - 1]?.trim(), e?.text);
  assert.equal(e?.text, 'address-pool vpn-phone-pol');
});

test('checks say what they could not check for lack of an input', () => {
  const r = audit({ 'show-version.txt': LAB['show-version.txt'] ?? '' });
  const ids = r.notChecked.map((n) => n.id);
  assert.ok(ids.includes('undefined-reference'));
  assert.ok(ids.includes('gateway-cert-not-trusted'));
  assert.match(
    r.notChecked.find((n) => n.id === 'group-url-mismatch')?.reason ?? '',
    /running configuration/,
  );
  assert.ok(!ids.includes('license-vpn-phone-disabled'));
});

test('the phones’ tunnel group inherits from DfltGrpPolicy: ssl-client missing there is reported with the inheritance', () => {
  const files = labWith(
    RC,
    ' vpn-tunnel-protocol ssl-client\n',
    ' split-tunnel-policy tunnelall\ngroup-policy DfltGrpPolicy attributes\n vpn-tunnel-protocol ikev1 l2tp-ipsec\n',
  );
  const f = audit(files).findings.find((x) => x.id === 'group-policy-no-ssl-client');
  assert.match(f?.message ?? '', /inherited from DfltGrpPolicy/);
  assert.match(
    f?.fix ?? '',
    /group-policy vpn-phone-policy attributes\n vpn-tunnel-protocol ikev1 l2tp-ipsec ssl-client/,
  );
});

test('without the certificate chain in the running configuration, `show crypto ca certificates` gives the expiry', () => {
  const noChain = (LAB[RC] ?? '').replace(/^crypto ca certificate chain asa-identity-cert\n(?: .*\n)+/m, '');
  assert.notEqual(noChain, LAB[RC]);
  const show = `fw# show crypto ca certificates asa-identity-cert
Certificate
  Status: Available
  Certificate Serial Number: 6b2be10809e68fff
  Public Key Type: RSA (2048 bits)
  Subject Name:
    cn=asav.sckiewer.lab
  Validity Date:
    start date: 00:00:00 UTC Jan 5 2026
    end   date: 00:00:00 UTC Dec 10 2026
  Associated Trustpoints: asa-identity-cert
`;
  const r = audit({ [RC]: noChain, 'show-crypto.txt': show });
  const f = r.findings.find((x) => x.id === 'cert-expiring');
  assert.ok(f, r.findings.map((x) => x.id).join(', '));
  assert.match(f.message, /expires on 2026-12-10, in 13 day/);
  assert.ok(f.evidence.some((e) => e.source === 'show-crypto.txt' && e.line === 2));
});

test('built-in tunnel groups and DfltGrpPolicy are defined without being written', () => {
  const files = labWith(
    RC,
    'tunnel-group vpn-phone-group type remote-access\n',
    'tunnel-group DefaultWEBVPNGroup general-attributes\n default-group-policy DfltGrpPolicy\ntunnel-group DefaultRAGroup webvpn-attributes\n authentication aaa\ntunnel-group vpn-phone-group type remote-access\n',
  );
  assert.deepEqual(
    audit(files).findings.filter((f) => f.id === 'undefined-reference'),
    [],
  );
  const noType = labWith(RC, 'tunnel-group vpn-phone-group type remote-access\n', '');
  assert.match(
    audit(noType).findings.find((f) => f.id === 'undefined-reference')?.fix ?? '',
    /^tunnel-group vpn-phone-group type remote-access$/,
  );
});

test('one wrong URL in 50 phone configurations is one group-url-mismatch listing the 50 files', () => {
  const wrong = (LAB[PHONE] ?? '').replace(
    'https://asav.sckiewer.lab/phone',
    'https://asav.sckiewer.lab/phones',
  );
  assert.notEqual(wrong, LAB[PHONE]);
  const phones = Object.fromEntries(
    Array.from({ length: 50 }, (_, i) => [`SEP0000000000${String(i).padStart(2, '0')}.cnf.xml`, wrong]),
  );
  const { [PHONE]: _, ...rest } = LAB;
  const r = audit({ ...rest, ...phones });
  const hits = r.findings.filter((f) => f.id === 'group-url-mismatch');
  assert.equal(hits.length, 1);
  const sources = new Set(hits[0]?.evidence.map((e) => e.source));
  for (const p of Object.keys(phones)) assert.ok(sources.has(p), `${p} is not in the evidence`);
  // The ASA's group-url it was compared with is quoted once, after the phone files.
  assert.equal(hits[0]?.evidence.at(-1)?.source, RC);
  assert.equal(hits[0]?.evidence.length, 51);
  assert.match(hits[0]?.message ?? '', /differ in: path/);
  assert.equal(hits[0]?.count, undefined);
});

test('cert-expiring says when the renewal should begin, and fires within the renewal lead when it is longer', () => {
  const now = new Date('2035-12-01T00:00:00Z');
  const f = audit(LAB, { now }).findings.find((x) => x.id === 'cert-expiring');
  assert.ok(f);
  // Expiry 2036-01-03, 33 days on: the default 30-day lead begins on 2035-12-04.
  const days = Number(/in (\d+) day/.exec(f.message)?.[1]);
  assert.equal(days, 33);
  assert.match(f.message, /Begin the renewal by 2035-12-04 \(a 30-day lead/);
  // A date further from expiry than the 60-day threshold but inside a longer lead: the renewal is due.
  const early = new Date(now.getTime() - (100 - days) * 86_400_000);
  assert.equal(
    audit(LAB, { now: early }).findings.some((x) => x.id === 'cert-expiring'),
    false,
  );
  const lead = audit(LAB, { now: early, leadDays: 120 }).findings.find((x) => x.id === 'cert-expiring');
  assert.ok(lead);
  assert.match(lead.message, /in 100 day\(s\) \(threshold 120\)/);
  assert.match(lead.message, /should have begun by/);
  const ahead = audit(LAB, { now, expiryDays: 365, leadDays: 5 }).findings.find(
    (x) => x.id === 'cert-expiring',
  );
  assert.match(ahead?.message ?? '', /Begin the renewal by \d{4}-\d\d-\d\d \(a 5-day lead/);
});
