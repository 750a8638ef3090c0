// Tests for reading CUCM AXL responses (getVpnGateway, getVpnProfile, getVpnGroup).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runAudit } from '../checks/audit.js';
import { parseAxlResponse } from './axl.js';

const envelope = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">\n<soapenv:Body>\n${body}\n</soapenv:Body>\n</soapenv:Envelope>\n`;

const PROFILE = envelope(`<ns:getVpnProfileResponse xmlns:ns="http://www.cisco.com/AXL/API/12.5">
<return>
<vpnProfile uuid="{B2}">
<name>VPN_Profile</name>
<autoNetworkDetection>true</autoNetworkDetection>
<mtu>1500</mtu>
<failToConnect>30</failToConnect>
<enableHostIdCheck>false</enableHostIdCheck>
<clientAuthentication>User and Password</clientAuthentication>
<pwdPersistant>false</pwdPersistant>
</vpnProfile>
</return>
</ns:getVpnProfileResponse>`);

const GATEWAY = envelope(`<ns:getVpnGatewayResponse xmlns:ns="http://www.cisco.com/AXL/API/12.5">
<return>
<vpnGateway uuid="{C3}">
<name>asav.sckiewer.lab</name>
<url>https://asav.sckiewer.lab/phone/</url>
<certificates>
<certificate><subjectName>CN=asav.sckiewer.lab</subjectName><issuerName>CN=asav.sckiewer.lab</issuerName><serialNumber>6b2be10809e68fff</serialNumber></certificate>
</certificates>
</vpnGateway>
</return>
</ns:getVpnGatewayResponse>`);

test('getVpnProfile and getVpnGateway responses give the profile values and the gateway URL with lines', () => {
  const p = parseAxlResponse(PROFILE).profiles[0];
  assert.equal(p?.name, 'VPN_Profile');
  assert.equal(p?.mtu, 1500);
  assert.equal(p?.clientAuthentication, 'user-password');
  assert.equal(p?.autoNetworkDetect, true);
  assert.equal(p?.hostIdCheck, false);
  assert.equal(p?.loc.line, 7);
  const g = parseAxlResponse(GATEWAY).gateways[0];
  assert.equal(g?.url, 'https://asav.sckiewer.lab/phone/');
  assert.equal(g?.certificateCount, 1);
  assert.equal(g?.loc.text, '<url>https://asav.sckiewer.lab/phone/</url>');
});

test('AXL facts feed the checks: URL, authentication, MTU and auto network detect', () => {
  const rc =
    'tunnel-group T type remote-access\ntunnel-group T webvpn-attributes\n authentication certificate\n group-url https://asav.sckiewer.lab/phone enable\n';
  const r = runAudit([
    { source: 'rc.txt', bytes: Buffer.from(`: Saved\n${rc}`) },
    { source: 'profile.xml', bytes: Buffer.from(PROFILE) },
    { source: 'gateway.xml', bytes: Buffer.from(GATEWAY) },
  ]);
  const ids = new Set<string>(r.findings.map((f) => f.id));
  for (const id of [
    'group-url-mismatch',
    'auth-method-mismatch',
    'vpn-profile-out-of-range',
    'auto-network-detect-on',
  ])
    assert.ok(ids.has(id), `${id} expected; got ${[...ids].join(', ')}`);
  assert.match(r.findings.find((f) => f.id === 'group-url-mismatch')?.message ?? '', /trailing slash/);
});

test('a SOAP response without VPN objects gives empty facts', () => {
  assert.deepEqual(parseAxlResponse(envelope('<ns:getPhoneResponse><return/></ns:getPhoneResponse>')), {
    gateways: [],
    profiles: [],
    groups: [],
    commonPhoneConfigs: [],
    phones: [],
  });
  assert.deepEqual(parseAxlResponse('<<<not xml'), {
    gateways: [],
    profiles: [],
    groups: [],
    commonPhoneConfigs: [],
    phones: [],
  });
});

test('the AXL gateway names its certificates by serial: the headend certificate must be one of them', async () => {
  const { readFileSync } = await import('node:fs');
  const rc = readFileSync('examples/audit/renewed-cert/running-config.txt');
  const r = runAudit([
    { source: 'rc.txt', bytes: new Uint8Array(rc) },
    { source: 'gateway.xml', bytes: Buffer.from(GATEWAY) },
  ]);
  const f = r.findings.find((x) => x.id === 'gateway-cert-not-trusted');
  assert.match(f?.message ?? '', /serial 5E7D51DB0A0B0C0D.*holds only serial\(s\) 6B2BE10809E68FFF/);
  const lab = readFileSync('examples/audit/lab/running-config.txt');
  const ok = runAudit([
    { source: 'rc.txt', bytes: new Uint8Array(lab) },
    { source: 'gateway.xml', bytes: Buffer.from(GATEWAY) },
  ]);
  assert.ok(!ok.findings.some((x) => x.id === 'gateway-cert-not-trusted'));
});

// Regression from fuzzing (issue 15, axl-16000-gateways-quadratic.xml): each object's evidence line was
// searched over every line, objects x lines. 40,000 gateways here; the old search would take minutes.
test('an AXL answer with 40,000 gateways is read with each evidence line (one index, not a search per object)', {
  timeout: 30_000,
}, () => {
  const n = 40_000;
  const rows: string[] = [];
  for (let i = 0; i < n; i++)
    rows.push(`<vpnGateway><name>g${i}</name><url>https://h${i}/p</url></vpnGateway>`);
  const facts = parseAxlResponse(
    `<getVpnGatewayResponse><return>\n${rows.join('\n')}\n</return></getVpnGatewayResponse>\n`,
  );
  assert.equal(facts.gateways.length, n);
  assert.equal(facts.gateways[0]?.loc.line, 2);
  assert.equal(facts.gateways[n - 1]?.url, `https://h${n - 1}/p`);
  assert.equal(facts.gateways[n - 1]?.loc.line, n + 1);
});

test('AXL evidence: the first line with the value, else the first line with the object tag', () => {
  const facts = parseAxlResponse(
    '<r>\n<vpnGateway>\n<name>a</name><url> https://x/ </url>\n</vpnGateway>\n<vpnGateway><name>b</name><url>https://y/</url></vpnGateway>\n</r>\n',
  );
  // A value the parser trimmed is not found as written: the object's tag line stands in, as before.
  assert.deepEqual(
    facts.gateways.map((g) => [g.url, g.loc.line]),
    [
      ['https://x/', 2],
      ['https://y/', 5],
    ],
  );
});
