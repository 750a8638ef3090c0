// Section captures, configurations without a headend, `show crypto ca certificates`, unknown sub-commands and
// pre-9.3 `ssl encryption`: what was read decides what is judged (issue 10).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { type AuditOptions, type AuditReport, runAudit } from '../audit.js';
import { buildFacts, type RawInput } from '../facts.js';
import { headendRuns } from '../headends.js';

const root = process.cwd();
const fx = (p: string) => readFileSync(join(root, 'test/fixtures/asa/sections', p), 'utf8');
const lab = (p: string) => readFileSync(join(root, 'examples/audit/lab', p), 'utf8');
const NOW = new Date('2026-11-27T00:00:00Z');

function inputs(files: Record<string, string>): RawInput[] {
  return Object.entries(files).map(([source, text]) => ({ source, bytes: Buffer.from(text) }));
}
function audit(files: Record<string, string>, opts: AuditOptions = {}): AuditReport {
  return runAudit(inputs(files), { now: NOW, ...opts });
}
const ids = (r: AuditReport) => r.findings.map((f) => f.id);
const serious = (r: AuditReport) =>
  r.findings.filter((f) => f.severity !== 'info').map((f) => `${f.id}: ${f.message}`);
const reason = (r: AuditReport, id: string) => r.notChecked.find((n) => n.id === id)?.reason ?? '';

test('the sections of one session are one ASA: a correct configuration gains no finding', () => {
  const r = audit({ 'session.log': fx('session-sections.log') });
  assert.deepEqual(serious(r), []);
  assert.ok(!r.findings.some((f) => f.id === 'unrecognized-input'), JSON.stringify(r.findings, null, 1));
  const facts = buildFacts(inputs({ 'session.log': fx('session-sections.log') }));
  assert.equal(facts.asaGroups.length, 1);
  const cov = facts.asa?.value.coverage;
  assert.equal(cov?.complete, false);
  assert.deepEqual([...(cov?.parts ?? [])].sort(), ['group-policy', 'pool', 'ssl', 'tunnel-group', 'webvpn']);
  // `sh run ssl` was read as `show running-config ssl`: the ASA-wide trustpoint line is known.
  assert.equal(facts.asa?.value.sslTrustPoints[0]?.trustpoint, 'fw-edge-id');
});

test('a merged section keeps its own line: the evidence of a pool typo points at the capture line', () => {
  const text = fx('session-sections.log').replace(
    ' address-pool vpn-phone-pool',
    ' address-pool vpn-phone-pol',
  );
  const r = audit({ 'session.log': text });
  const f = r.findings.find((x) => x.id === 'undefined-reference');
  assert.ok(f, ids(r).join(', '));
  const e = f.evidence[0];
  assert.equal(e?.source, 'session.log');
  assert.equal(e?.line, 16);
  assert.equal(text.split('\n')[(e?.line ?? 0) - 1]?.trim(), e?.text);
});

test('captures of one ASA in two files (prompt mode and failover words aside) are merged, evidence naming each file', () => {
  const files = {
    'a.log': fx('session-webvpn-ssl.log'),
    'b.log': fx('session-tunnel-group.log').replace(' authentication certificate', ' authentication aaa'),
    'pool.txt': 'fw-edge# show run ip local pool\nip local pool vpn-phone-pool 10.10.1.1-10.10.1.254\n',
  };
  const facts = buildFacts(inputs(files));
  assert.equal(facts.asaGroups.length, 1, 'FW-EDGE(config), fw-edge/stby and fw-edge are one ASA');
  assert.deepEqual(facts.otherAsaConfigs, []);
  assert.deepEqual(facts.asa?.value.sources, ['a.log', 'b.log', 'pool.txt']);
  const r = audit(files);
  assert.ok(!ids(r).includes('unrecognized-input'), ids(r).join(', '));
  assert.ok(!ids(r).includes('undefined-reference'), 'the pool is defined in pool.txt');
  // A check needing the tunnel group points into b.log, one needing webvpn into a.log.
  const phone = lab('SEP682C7B40B5CE.cnf.xml').replace(
    'https://asav.sckiewer.lab/phone',
    'https://fw-edge.example.net/phone',
  );
  const withPhone = audit({ ...files, 'SEP001122334455.cnf.xml': phone });
  const auth = withPhone.findings.find((x) => x.id === 'auth-method-mismatch');
  assert.ok(auth, ids(withPhone).join(', '));
  assert.deepEqual(
    auth.evidence.filter((e) => e.source.endsWith('.log')).map((e) => [e.source, e.line, e.text]),
    [['b.log', 7, 'authentication aaa']],
  );
});

test('two different ASAs stay two: each is judged as its own headend, not merged', () => {
  const files = { 'a.log': fx('session-webvpn-ssl.log'), 'b.log': fx('show-run-ssl-only.log') };
  const facts = buildFacts(inputs(files));
  assert.equal(facts.asaGroups.length, 2);
  const runs = headendRuns(facts).runs;
  assert.deepEqual(
    runs.map((r) => r.asa?.source),
    ['a.log', 'b.log'],
  );
  const r = audit(files);
  assert.ok(!r.findings.some((f) => f.id === 'unrecognized-input' && /second ASA/.test(f.message)));
  // b.log holds only `show running-config ssl`: its run says what to collect, a.log's is judged.
  assert.ok(r.notChecked.some((n) => /only sections of the configuration were read \(/.test(n.reason)));
});

test('a section alone says which command to run instead of raising headend errors', () => {
  const r = audit({ 'ssl.log': fx('show-run-ssl-only.log') });
  assert.deepEqual(serious(r), []);
  for (const id of ['webvpn-not-enabled', 'anyconnect-not-enabled', 'group-url-missing'])
    assert.ok(!ids(r).includes(id as never), id);
  assert.match(reason(r, 'webvpn-not-enabled'), /run `show running-config webvpn`/);
  assert.match(reason(r, 'anyconnect-not-enabled'), /run `show running-config webvpn`/);
  assert.match(reason(r, 'group-url-missing'), /run `show running-config tunnel-group`/);
  // The trustpoint is defined in a part that was not captured: no undefined-reference, but what to run.
  assert.ok(!ids(r).includes('undefined-reference'));
  assert.match(reason(r, 'undefined-reference'), /show running-config crypto ca/);
  // ssl was captured: ssl-trustpoint-missing is judged (and silent, the line is there).
  assert.equal(reason(r, 'ssl-trustpoint-missing'), '');
});

test('a whole configuration without a remote-access headend gets one no-vpn-headend and nothing else from the headend checks', () => {
  const headendIds = [
    'webvpn-not-enabled',
    'anyconnect-not-enabled',
    'group-url-missing',
    'ssl-trustpoint-missing',
    'ec-cipher-risk',
    'undefined-reference',
    'group-policy-no-ssl-client',
    'tls-no-shared-cipher',
    'dtls-tls-cipher-mismatch',
    'license-vpn-phone-disabled',
  ];
  for (const file of ['nat-firewall.cfg', 'site-to-site.cfg']) {
    const version =
      'ciscoasa# show version\nCisco Adaptive Security Appliance Software Version 9.16(4)\nAnyConnect for Cisco VPN Phone : Disabled perpetual\n';
    const r = audit({ [file]: fx(file), 'show-version.txt': version });
    const nv = r.findings.filter((f) => f.id === 'no-vpn-headend');
    assert.equal(nv.length, 1, `${file}: ${ids(r).join(', ')}`);
    assert.equal(nv[0]?.severity, 'info');
    for (const id of headendIds) assert.ok(!ids(r).includes(id as never), `${file}: ${id}`);
    assert.match(reason(r, 'webvpn-not-enabled'), /no remote-access VPN headend/);
    if (file === 'site-to-site.cfg') assert.match(nv[0]?.message ?? '', /site-to-site IPsec only/);
  }
  // The crypto map / IKE lines are modeled, not counted as unknown.
  const facts = buildFacts(inputs({ 's2s.cfg': fx('site-to-site.cfg') }));
  assert.equal(facts.asa?.value.ipsec.cryptoMaps.length, 4);
  assert.equal(facts.asa?.value.ipsec.cryptoMaps.at(-1)?.iface, 'outside');
  assert.equal(facts.asa?.value.ipsec.ike.length, 2);
});

test('a crypto map section alone is read as configuration, and judged as a section', () => {
  const r = audit({ 'crypto-map.txt': fx('crypto-map-section.txt') });
  assert.equal(r.inputs.find((i) => i.source === 'crypto-map.txt')?.kind, 'asa-running-config');
  assert.deepEqual(serious(r), []);
  assert.ok(!ids(r).includes('no-vpn-headend'), 'a section does not show that there is no headend');
});

test('the lab and the technote configuration gain no no-vpn-headend and no unknown sub-command', () => {
  const r = audit({ 'running-config.txt': lab('running-config.txt') });
  assert.ok(!ids(r).includes('no-vpn-headend'));
  assert.ok(!r.findings.some((f) => f.id === 'unrecognized-input'), ids(r).join(', '));
  const seed = readFileSync(join(root, 'test/fixtures/asa/seed-lab-config.txt'), 'utf8');
  const s = audit({ 'seed.txt': seed });
  assert.deepEqual(serious(s), []);
  assert.ok(!s.findings.some((f) => f.id === 'unrecognized-input' || f.id === 'no-vpn-headend'));
});

test('show crypto ca certificates defines the trustpoint and gives the headend certificate: expired, expiring', () => {
  const r = audit({ 'capture.log': fx('ssl-and-crypto-ca.log') });
  assert.equal(r.inputs[0]?.sections?.[1]?.kind, 'asa-show-crypto-ca-certificates');
  assert.ok(!ids(r).includes('undefined-reference'), 'Associated Trustpoints: vpn-fw-2019 defines it');
  const f = r.findings.find((x) => x.id === 'cert-expired');
  assert.ok(f, ids(r).join(', '));
  assert.match(f.message, /CN=vpn\.example\.org \(show crypto ca certificates\) expired on 2021-03-04/);
  assert.deepEqual(
    f.evidence.map((e) => [e.line, e.text]),
    [
      [4, 'ssl trust-point vpn-fw-2019 outside'],
      [6, 'Certificate'],
    ],
  );
  assert.match(f.fix ?? '', /ssl trust-point vpn-fw-2020 outside/);
  const soon = fx('ssl-and-crypto-ca.log').replace('Mar 4 2021', 'Dec 20 2026');
  const s = audit({ 'capture.log': soon });
  assert.ok(ids(s).includes('cert-expiring'), ids(s).join(', '));
  assert.ok(!ids(s).includes('cert-expired'));
});

test('the zone of a shown date counts: 23:30 EDT is the next day in UTC', () => {
  const text = fx('ssl-and-crypto-ca.log').replace('09:00:00 EDT Mar 4 2021', '23:30:00 EDT Mar 4 2021');
  const facts = buildFacts(inputs({ 'c.log': text }));
  assert.equal(facts.showCrypto?.value[0]?.endDate?.toISOString(), '2021-03-05T03:30:00.000Z');
  assert.equal(facts.showCrypto?.value[0]?.startDate?.toISOString(), '2019-03-04T13:00:00.000Z');
  assert.equal(facts.showCrypto?.value[0]?.status, 'Available');
  assert.equal(facts.showCrypto?.value[0]?.usage, 'General Purpose');
  assert.equal(facts.showCrypto?.value[0]?.subject, 'cn=vpn.example.org,o=Example');
});

test('a typo under tunnel-group webvpn-attributes is reported at its line; valid unmodeled sub-commands are not', () => {
  const text = lab('running-config.txt').replace(
    ' group-url https://asav.sckiewer.lab/phone enable',
    ' group-ulr https://asav.sckiewer.lab/phone enable\n group-alias phones enable\n customization DfltCustomization',
  );
  const r = audit({ 'rc.txt': text });
  const u = r.findings.filter((f) => f.id === 'unrecognized-input');
  assert.equal(u.length, 1, u.map((f) => f.message).join('\n'));
  const f = u[0];
  assert.equal(f?.severity, 'info');
  assert.match(f?.message ?? '', /not recognized by vpnphone: perhaps a typo of `group-url`/);
  assert.doesNotMatch(f?.message ?? '', /invalid/i);
  const e = f?.evidence[0];
  assert.equal(e?.source, 'rc.txt');
  assert.equal(
    text.split('\n')[(e?.line ?? 0) - 1]?.trim(),
    'group-ulr https://asav.sckiewer.lab/phone enable',
  );
  // The misspelt group-url is not read as one: the phones' tunnel group really has none.
  assert.ok(ids(r).includes('group-url-missing'));
});

test('an unknown word under a block with a complete list is reported without a guess, worded as vpnphone not knowing it', () => {
  const text = lab('running-config.txt').replace(
    ' authentication certificate',
    ' authentication certificate\n frobnicate-everything 3',
  );
  const f = audit({ 'rc.txt': text }).findings.find((x) => x.id === 'unrecognized-input');
  assert.match(
    f?.message ?? '',
    /`frobnicate-everything 3` under `tunnel-group vpn-phone-group webvpn-attributes` is not recognized by vpnphone\./,
  );
  // Under webvpn (a long list vpnphone does not hold whole), only near misses are reported.
  const w = lab('running-config.txt').replace(
    ' anyconnect enable',
    ' anyconnect enable\n some-future-feature on\n anyconect enable',
  );
  const ws = audit({ 'rc.txt': w }).findings.filter((x) => x.id === 'unrecognized-input');
  assert.deepEqual(
    ws.map((x) => x.evidence[0]?.text),
    ['anyconect enable'],
  );
});

const OLD_SSL = `ASA Version 9.1(7)
hostname old-asa
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address 192.0.2.1 255.255.255.0
ssl encryption des-sha1
ssl trust-point old-id outside
crypto ca trustpoint old-id
 enrollment self
webvpn
 enable outside
 anyconnect enable
tunnel-group phones type remote-access
tunnel-group phones webvpn-attributes
 group-url https://192.0.2.1/phones enable
: end
`;

test('pre-9.3 `ssl encryption` is the cipher list, and fixes are written in the syntax of the version', () => {
  const r = audit({ 'old.cfg': OLD_SSL });
  const f = r.findings.find((x) => x.id === 'tls-no-shared-cipher');
  assert.ok(f, ids(r).join(', '));
  assert.match(f.message, /allows DES-CBC-SHA/);
  assert.equal(f.evidence.at(-1)?.text, 'ssl encryption des-sha1');
  assert.match(f.fix ?? '', /^ssl encryption aes256-sha1 aes128-sha1/);
  assert.doesNotMatch(f.fix ?? '', /ssl cipher/);
  // Version unknown (no ASA Version line): both syntaxes, each labelled.
  const u = audit({ 'old.cfg': OLD_SSL.replace('ASA Version 9.1(7)\n', ': Saved\n') }).findings.find(
    (x) => x.id === 'tls-no-shared-cipher',
  );
  assert.match(
    u?.fix ?? '',
    /ASA 9\.3 or later:\nssl cipher tlsv1[.\d]* custom "AES256-SHA:AES128-SHA:DES-CBC-SHA"/,
  );
  assert.match(u?.fix ?? '', /ASA 8\.x to 9\.2 .*\nssl encryption aes256-sha1 aes128-sha1 des-sha1/);
  // 9.3 and later: `ssl cipher` only.
  const n = audit({
    'new.cfg': OLD_SSL.replace('9.1(7)', '9.12(4)').replace(
      'ssl encryption des-sha1',
      'ssl cipher tlsv1.2 custom "DES-CBC-SHA"\nssl cipher tlsv1 custom "DES-CBC-SHA"\nssl cipher tlsv1.1 custom "DES-CBC-SHA"',
    ),
  }).findings.find((x) => x.id === 'tls-no-shared-cipher');
  assert.match(n?.fix ?? '', /^ssl cipher tlsv1[.\d]* custom/);
  assert.doesNotMatch(n?.fix ?? '', /ssl encryption/);
});
