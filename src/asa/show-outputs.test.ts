// The show outputs engineers collect beside the configuration (issue 10): nameif, interface ip brief,
// ssl ciphers, vpn-sessiondb summary and detail; read as their kind and used by the checks.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runAudit } from '../checks/audit.js';
import { shownInterfaces } from '../checks/derive.js';
import { buildFacts } from '../checks/facts.js';
import { classify } from '../inputs/classify.js';
import { parseShowVpnSessiondb } from './show.js';
import {
  parseShowInterfaceIpBrief,
  parseShowNameif,
  parseShowSslCiphers,
  parseShowVpnSessiondbSummary,
} from './show-outputs.js';

const root = process.cwd();
const fixture = (f: string) => readFileSync(join(root, 'test/fixtures/asa', f), 'utf8');
const LAB_RC = readFileSync(join(root, 'examples/audit/lab/running-config.txt'), 'utf8');
const NOW = new Date('2026-11-27T00:00:00Z');
const audit = (files: Record<string, string>) =>
  runAudit(
    Object.entries(files).map(([source, text]) => ({ source, bytes: Buffer.from(text) })),
    { now: NOW },
  );
const idsOf = (files: Record<string, string>) => audit(files).findings.map((f) => f.id);

describe('each output is read as its kind', () => {
  for (const [file, kind] of [
    ['show-nameif.txt', 'asa-show-nameif'],
    ['show-interface-ip-brief.txt', 'asa-show-interface-ip-brief'],
    ['show-ssl-ciphers.txt', 'asa-show-ssl-ciphers'],
    ['show-vpn-sessiondb-summary.txt', 'asa-show-vpn-sessiondb-summary'],
    ['show-vpn-sessiondb-detail.txt', 'asa-show-vpn-sessiondb'],
  ] as const)
    test(file, () => assert.equal(classify(file, Buffer.from(fixture(file))).kind, kind));

  test('as sections of one capture, by their commands', () => {
    const capture = ['show-nameif.txt', 'show-ssl-ciphers.txt', 'show-vpn-sessiondb-summary.txt']
      .map(fixture)
      .join('');
    const f = buildFacts([{ source: 'cap.txt', bytes: Buffer.from(capture) }]);
    assert.deepEqual(
      f.inputs[0]?.sections?.map((s) => s.kind),
      ['asa-show-nameif', 'asa-show-ssl-ciphers', 'asa-show-vpn-sessiondb-summary'],
    );
    assert.equal(f.showNameif?.value.length, 3);
    assert.equal(f.showSslCiphers?.value.length, 5);
    assert.equal(f.sessionSummaries[0]?.value.sessions[0]?.active, 12);
  });
});

describe('the parsers', () => {
  test('show nameif and show interface ip brief', () => {
    const n = parseShowNameif(fixture('show-nameif.txt'));
    assert.deepEqual(
      n.map((r) => [r.hardware, r.nameif, r.security, r.loc.line]),
      [
        ['GigabitEthernet0/0', 'outside', 0, 3],
        ['GigabitEthernet0/1', 'inside', 100, 4],
        ['Management0/0', 'management', 0, 5],
      ],
    );
    const b = parseShowInterfaceIpBrief(fixture('show-interface-ip-brief.txt'));
    assert.deepEqual(
      b.map((r) => [r.hardware, r.ip, r.status, r.protocol]),
      [
        ['GigabitEthernet0/0', '203.0.113.10', 'up', 'up'],
        ['GigabitEthernet0/1', '10.20.0.1', 'up', 'up'],
        ['GigabitEthernet0/2', undefined, 'administratively down', 'down'],
        ['Management0/0', '192.168.99.2', 'up', 'up'],
      ],
    );
  });

  test('show ssl ciphers: each list in the order the ASA offers it', () => {
    const l = parseShowSslCiphers(fixture('show-ssl-ciphers.txt'));
    assert.deepEqual(
      l.map((x) => [x.keyword, x.level, x.ciphers.length, x.loc.line]),
      [
        ['default', 'medium', 5, 3],
        ['tlsv1', 'medium', 2, 9],
        ['tlsv1.1', 'medium', 2, 12],
        ['tlsv1.2', 'custom', 2, 15],
        ['dtlsv1', 'custom', 2, 18],
      ],
    );
    assert.deepEqual(l[3]?.ciphers, ['AES256-SHA', 'AES128-SHA']);
  });

  test('show vpn-sessiondb summary: both tables, totals left out', () => {
    const s = parseShowVpnSessiondbSummary(fixture('show-vpn-sessiondb-summary.txt'));
    assert.deepEqual(
      s.sessions.map((r) => [r.name, r.active, r.cumulative]),
      [
        ['AnyConnect Client', 12, 4410],
        ['SSL/TLS/DTLS', 12, 4410],
      ],
    );
    assert.deepEqual(
      s.tunnels.map((r) => [r.name, r.active]),
      [
        ['AnyConnect-Parent', 12],
        ['SSL-Tunnel', 12],
        ['DTLS-Tunnel', 11],
      ],
    );
  });

  test('show vpn-sessiondb detail anyconnect: per tunnel cipher and client, phones told from desktops', () => {
    const [phone, desktop] = parseShowVpnSessiondb(fixture('show-vpn-sessiondb-detail.txt'));
    assert.ok(phone && desktop);
    assert.equal(phone.phoneClient, true);
    assert.equal(phone.clientVersion, 'Cisco SVC IPPhone Client v1.0 (1.0)');
    assert.equal(phone.tunnelGroup, 'vpn-phone-group');
    assert.equal(
      phone.encryption,
      'AnyConnect-Parent: (1)none  SSL-Tunnel: (1)AES256  DTLS-Tunnel: (1)AES256',
    );
    assert.deepEqual(
      phone.tunnels?.map((t) => [t.type, t.cipherSuite, t.encapsulation, t.loc.line]),
      [
        ['AnyConnect-Parent', undefined, undefined, 18],
        ['SSL-Tunnel', 'AES256-SHA', 'TLSv1.2', 24],
        ['DTLS-Tunnel', 'AES256-SHA', 'DTLSv1.0', 32],
      ],
    );
    assert.equal(desktop.phoneClient, undefined);
    assert.match(desktop.clientVersion ?? '', /for Windows 4\.10/);
    assert.equal(desktop.tunnels?.[2]?.cipherSuite, 'ECDHE-ECDSA-AES256-GCM-SHA384');
    assert.equal(desktop.tunnelGroup, 'staff');
  });

  test('linear on a long hostile line', () => {
    const line = `${'A'.repeat(200_000)} (x):\n${' Interface'.repeat(50_000)}\n`;
    const t = Date.now();
    parseShowSslCiphers(line);
    parseShowNameif(line);
    parseShowInterfaceIpBrief(line);
    parseShowVpnSessiondbSummary(line.replace(/ /g, ':'));
    classify('x', Buffer.from(line));
    assert.ok(Date.now() - t < 5000);
  });
});

describe('what the checks take from them', () => {
  test('show nameif + interface ip brief: the nameif of each address', () => {
    const f = buildFacts([
      { source: 'nameif.txt', bytes: Buffer.from(fixture('show-nameif.txt')) },
      { source: 'brief.txt', bytes: Buffer.from(fixture('show-interface-ip-brief.txt')) },
    ]);
    const outside = shownInterfaces(f).find((i) => i.nameif === 'outside');
    assert.equal(outside?.ip, '203.0.113.10');
    assert.equal(outside?.security, 0);
  });

  test('show nameif defines the nameif a section capture uses (or shows it missing)', () => {
    const section =
      'crypto ca trustpoint TP\n enrollment self\nssl trust-point TP outside\nwebvpn\n enable outside\n anyconnect enable\n';
    const nameifRefs = (files: Record<string, string>) =>
      audit(files)
        .findings.filter((x) => x.id === 'undefined-reference')
        .filter((x) => /outside/.test(x.message));
    assert.deepEqual(nameifRefs({ 'run.txt': section, 'nameif.txt': fixture('show-nameif.txt') }), []);
    const without = fixture('show-nameif.txt').replace(' outside ', ' dmz     ');
    assert.equal(nameifRefs({ 'run.txt': section, 'nameif.txt': without }).length, 2);
  });

  test('show ssl ciphers: the lists the ASA really offers decide ec-cipher-risk', () => {
    const noCipherLines = LAB_RC.replace(/^ssl cipher .*\n/gm, '');
    assert.notEqual(noCipherLines, LAB_RC);
    // Without the output, the modeled default list (with ECDHE) raises the risk.
    assert.ok(idsOf({ 'rc.txt': noCipherLines }).includes('ec-cipher-risk'));
    // The ASA shows AES-only lists for every protocol version: no risk.
    assert.ok(
      !idsOf({ 'rc.txt': noCipherLines, 'ciphers.txt': fixture('show-ssl-ciphers.txt') }).includes(
        'ec-cipher-risk',
      ),
    );
    // An ECDHE suite in the shown tlsv1.2 list: the risk, with that list as evidence.
    const ec = fixture('show-ssl-ciphers.txt').replace(
      'tlsv1.2 (custom):\n',
      'tlsv1.2 (custom):\n  ECDHE-RSA-AES256-GCM-SHA384\n',
    );
    const r = audit({ 'rc.txt': LAB_RC, 'ciphers.txt': ec }).findings.find((x) => x.id === 'ec-cipher-risk');
    assert.ok(r);
    assert.ok(r.evidence.some((e) => e.source === 'ciphers.txt' && e.line === 15));
  });

  test('a phone session with its DTLS tunnel up is proof against dtls-tls-cipher-mismatch', () => {
    const rc = LAB_RC.replace(/^ssl cipher dtlsv1 custom .*$/m, 'ssl cipher dtlsv1 custom "AES128-SHA"');
    assert.notEqual(rc, LAB_RC);
    assert.ok(idsOf({ 'rc.txt': rc }).includes('dtls-tls-cipher-mismatch'));
    const withSession = { 'rc.txt': rc, 'sessions.txt': fixture('show-vpn-sessiondb-detail.txt') };
    assert.ok(!idsOf(withSession).includes('dtls-tls-cipher-mismatch'));
    // A desktop client's DTLS tunnel proves nothing for phones.
    const desktopOnly = fixture('show-vpn-sessiondb-detail.txt')
      .replace(/CP-8861-SEP682C7B40B5CE/, 'jsmith')
      .replace(/IPPhone Client/g, 'Agent for Windows');
    assert.ok(
      idsOf({ 'rc.txt': rc, 'sessions.txt': desktopOnly, 'SEP.cnf.xml': '' }).includes(
        'dtls-tls-cipher-mismatch',
      ),
    );
  });
});
