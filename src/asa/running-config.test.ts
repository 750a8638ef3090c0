// Tests for the typed ASA extractors on the seed's configuration, a full running configuration and a round trip.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadDeployment } from '../model/load.js';
import { readCertificates } from '../pki/cert.js';
import { generateAsaConfig } from './generate.js';
import { asaVersionAtLeast, effectiveGroupPolicy, parseRunningConfig } from './running-config.js';

const root = process.cwd();
const fixture = (f: string) => readFileSync(join(root, 'test/fixtures/asa', f), 'utf8');

test("the seed's lab configuration parses to its facts", () => {
  const cfg = parseRunningConfig(fixture('seed-lab-config.txt'));
  assert.deepEqual(
    cfg.pools.map((p) => [p.name, p.first, p.last, p.mask, p.loc.line]),
    [['vpn-phone-pool', '10.10.1.1', '10.10.1.254', '255.255.255.0', 1]],
  );
  const gp = cfg.groupPolicies[0];
  assert.equal(gp?.name, 'vpn-phone-policy');
  assert.equal(gp?.internal?.line, 3);
  assert.deepEqual(gp?.vpnTunnelProtocol?.value, ['ssl-client']);
  assert.equal(gp?.vpnTunnelProtocol?.loc.line, 6);
  assert.deepEqual(
    cfg.webvpn.enables.map((e) => [e.value, e.loc.line]),
    [['outside', 9]],
  );
  assert.equal(cfg.webvpn.anyconnectEnable?.line, 10);
  const tg = cfg.tunnelGroups[0];
  assert.equal(tg?.name, 'vpn-phone-group');
  assert.equal(tg?.type?.value, 'remote-access');
  assert.deepEqual(
    tg?.addressPools.map((p) => p.value),
    ['vpn-phone-pool'],
  );
  assert.equal(tg?.defaultGroupPolicy?.value, 'vpn-phone-policy');
  assert.deepEqual(tg?.authentication?.value, ['certificate']);
  assert.deepEqual(
    tg?.groupUrls.map((g) => [g.url, g.enabled, g.loc.line]),
    [['https://asav.sckiewer.lab/phone', true, 19]],
  );
  assert.deepEqual(
    cfg.sslTrustPoints.map((t) => [t.trustpoint, t.iface, t.loc.line]),
    [['asa-identity-cert', 'outside', 21]],
  );
  assert.equal(cfg.unmodeledCount, 1, 'split-tunnel-policy is kept and counted, not an error');
});

test('a full running configuration: header version, interfaces, trustpoints, decoded certificate chain, ciphers', () => {
  const text = readFileSync(join(root, 'examples/audit/lab/running-config.txt'), 'utf8');
  const cfg = parseRunningConfig(text);
  assert.equal(cfg.version?.value, '9.12(2)9');
  assert.equal(cfg.hostname?.value, 'sckiewer-ASAv');
  assert.deepEqual(
    cfg.interfaces
      .filter((i) => i.nameif)
      .map((i) => [i.hardware, i.nameif?.value, i.address?.value.ip, i.securityLevel]),
    [
      ['GigabitEthernet0/0', 'outside', '172.16.1.250', 0],
      ['GigabitEthernet0/1', 'inside', '172.16.100.250', 100],
    ],
  );
  const tp = cfg.trustpoints.find((t) => t.name === 'asa-identity-cert');
  assert.equal(tp?.enrollment?.value, 'self');
  assert.equal(tp?.subjectName?.value, 'CN=asav.sckiewer.lab');
  assert.equal(tp?.keypair?.value, 'asa-identity-cert');
  const chain = cfg.certificateChains.find((c) => c.trustpoint === 'asa-identity-cert');
  const id = chain?.certificates[0];
  assert.equal(id?.role, 'identity');
  const pem = readCertificates(readFileSync(join(root, 'examples/lab/certs/asa-identity-cert.pem')))[0];
  assert.equal(id?.info?.certHash, pem?.certHash, 'the hex dump decodes to the real certificate');
  assert.equal(id?.info?.subjectCN, 'asav.sckiewer.lab');
  assert.deepEqual(
    cfg.sslCiphers.map((c) => c.version),
    ['tlsv1', 'tlsv1.1', 'tlsv1.2', 'dtlsv1'],
  );
  assert.deepEqual(cfg.sslCiphers[0]?.custom?.slice(0, 2), ['AES256-SHA', 'AES128-SHA']);
  assert.ok(cfg.unmodeledCount > 20, 'unmodeled lines (route, timeout, policy-map, ...) are counted');
  assert.ok(cfg.unmodeledSample.some((l) => l.text.startsWith('route outside')));
});

test('a group policy inherits vpn-tunnel-protocol and DTLS from DfltGrpPolicy', () => {
  const cfg = parseRunningConfig(
    'group-policy DfltGrpPolicy attributes\n vpn-tunnel-protocol ikev2\n webvpn\n  anyconnect ssl dtls none\ngroup-policy P internal\ngroup-policy P attributes\n split-tunnel-policy tunnelall\n',
  );
  const eff = effectiveGroupPolicy(cfg, 'P');
  assert.deepEqual(eff.vpnTunnelProtocol?.value, ['ikev2']);
  assert.equal(eff.vpnTunnelProtocol?.from, 'DfltGrpPolicy');
  assert.equal(eff.anyconnectDtls?.value, 'none');
  assert.equal(eff.anyconnectDtls?.loc.line, 4);
});

test('tunnel-group attributes with interface-scoped pools, banners, quoted strings and unknown lines never fail', () => {
  const cfg = parseRunningConfig(
    'banner motd "Authorized use only"\ntunnel-group T general-attributes\n address-pool (outside) P1 P2\nfoo bar baz\n',
  );
  assert.deepEqual(
    cfg.tunnelGroups[0]?.addressPools.map((p) => p.value),
    ['P1', 'P2'],
  );
  assert.equal(cfg.unmodeledCount, 2);
});

test('a certificate block whose hex is damaged is kept with its error', () => {
  const cfg = parseRunningConfig('crypto ca certificate chain X\n certificate 01\n    3082zzzz\n  quit\n');
  assert.equal(cfg.certificateChains[0]?.certificates[0]?.info, undefined);
  assert.match(cfg.certificateChains[0]?.certificates[0]?.error ?? '', /hex/);
});

test('ASA versions compare numerically', () => {
  assert.ok(asaVersionAtLeast('9.12(2)9', [9, 4]));
  assert.ok(asaVersionAtLeast('9.4(1)', [9, 4]));
  assert.ok(!asaVersionAtLeast('9.3(3)8', [9, 4]));
  assert.ok(!asaVersionAtLeast('8.4(7)', [9, 4]));
});

test('round trip: what generateAsaConfig writes for the lab parses back to the same facts', () => {
  const dir = join(root, 'examples/lab');
  const r = loadDeployment(readFileSync(join(dir, 'deployment.yaml'), 'utf8'), 'deployment.yaml', (f) =>
    readFileSync(join(dir, f)),
  );
  assert.ok(r.ok);
  const d = r.deployment;
  const cfg = parseRunningConfig(generateAsaConfig({ deployment: d, certs: r.certs }));
  const h = d.headends[0]!;
  const pool = h.pools[0];
  assert.deepEqual(
    cfg.pools.map((p) => [p.name, p.first, p.last, p.mask]),
    [[pool?.name, pool?.first, pool?.last, pool?.mask]],
  );
  const gp = cfg.groupPolicies.find((g) => g.name === h.tunnelGroup.groupPolicy);
  assert.ok(gp?.internal && gp.attributes);
  assert.deepEqual(gp.vpnTunnelProtocol?.value, ['ssl-client']);
  const tg = cfg.tunnelGroups.find((t) => t.name === h.tunnelGroup.name);
  assert.equal(tg?.type?.value, 'remote-access');
  assert.deepEqual(
    tg?.addressPools.map((p) => p.value),
    [h.tunnelGroup.addressPool],
  );
  assert.equal(tg?.defaultGroupPolicy?.value, h.tunnelGroup.groupPolicy);
  assert.deepEqual(tg?.authentication?.value, [h.tunnelGroup.authentication]);
  assert.deepEqual(
    tg?.groupUrls.map((g) => [g.url, g.enabled]),
    [[h.tunnelGroup.groupUrl, true]],
  );
  const tp = cfg.trustpoints.find((t) => t.name === h.identity.trustpoint);
  assert.equal(tp?.subjectName?.value, h.identity.subject);
  // The lab names its existing certificate: nothing re-enrolls over it.
  assert.equal(tp?.enrollment, undefined);
  assert.deepEqual(
    cfg.sslTrustPoints.map((t) => [t.trustpoint, t.iface]),
    [[h.identity.trustpoint, h.outside]],
  );
  assert.deepEqual(
    cfg.webvpn.enables.map((e) => e.value),
    [h.outside],
  );
  assert.ok(cfg.webvpn.anyconnectEnable);
  assert.deepEqual(
    cfg.trustpoints.map((t) => t.name).filter((n) => n.startsWith('Cisco')),
    (h.phoneCaTrustpoints ?? []).map((t) => t.name),
  );
});

test('a running configuration 10,000 indent levels deep parses (documented as never throwing)', () => {
  // The fuzz finding asa-deep-indent-stack-overflow.txt, generated: each line one level deeper.
  const lines = ['ASA Version 9.12(2)9'];
  for (let i = 0; i < 10_000; i++) lines.push(`${'\t'.repeat(i >> 3)}${' '.repeat(i & 7)}x`);
  const cfg = parseRunningConfig(`${lines.join('\n')}\n`);
  assert.equal(cfg.version?.value, '9.12(2)9');
  assert.equal(cfg.unmodeledCount, 10_000);
});

test('what a section shows, by its command (issue 10)', async () => {
  const { sectionCoverage, looksComplete, treeShape } = await import('./running-config.js');
  const { parseConfigTree } = await import('./tree.js');
  assert.deepEqual(sectionCoverage('show running-config'), { complete: true, parts: [] });
  assert.deepEqual(sectionCoverage('show running-config all webvpn'), { complete: false, parts: ['webvpn'] });
  assert.deepEqual(sectionCoverage('show running-config ip local pool'), {
    complete: false,
    parts: ['pool'],
  });
  assert.deepEqual(sectionCoverage('show running-config tunnel-group tg1'), { complete: false, parts: [] });
  assert.deepEqual(sectionCoverage('show running-config | include ssl'), { complete: false, parts: [] });
  assert.deepEqual(sectionCoverage('show running-config crypto map'), {
    complete: false,
    parts: ['crypto-vpn'],
  });
  const section = treeShape(
    parseConfigTree('tunnel-group a type remote-access\ntunnel-group a general-attributes\n'),
  );
  assert.equal(looksComplete(section), false);
  assert.deepEqual([...section.parts], ['tunnel-group']);
  const whole = treeShape(
    parseConfigTree('hostname fw\ninterface G0/0\n nameif outside\nroute outside 0 0 1.1.1.1\n'),
  );
  assert.equal(looksComplete(whole), true);
});
