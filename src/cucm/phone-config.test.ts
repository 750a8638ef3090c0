import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadFixtureDeployment } from '../../test/support/deployments.js';
import { repoPath, runCli } from '../../test/support/paths.js';
import { runAudit } from '../checks/audit.js';
import { classify } from '../inputs/classify.js';
import { certHashOf } from '../pki/cert.js';
import {
  generatePhoneConfig,
  PhoneConfigParseError,
  parsePhoneConfig,
  phoneConfigFileName,
  readPhoneConfig,
} from './phone-config.js';

describe('phone configuration SEP<MAC>.cnf.xml', () => {
  it('writes the lab phone file (golden) with the identity certificate hash', () => {
    const r = runCli([
      'generate',
      'phone-config',
      '-d',
      'examples/lab/deployment.yaml',
      '--mac',
      '68:2c:7b:40:b5:ce',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, readFileSync(repoPath('test/golden/generate-phone-config-lab.xml'), 'utf8'));
    const cert = readFileSync(repoPath('examples/lab/certs/asa-identity-cert.pem'), 'utf8');
    const der = Buffer.from(cert.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    assert.match(r.stdout, new RegExp(`<certHash1>${certHashOf(der).replace(/[+/]/g, '\\$&')}</certHash1>`));
  });

  it('round-trips the lab: parsing the generated file gives back the deployment values', async () => {
    const loaded = await loadFixtureDeployment('examples/lab/deployment.yaml');
    const phone = loaded.deployment.phones[0];
    assert.ok(phone);
    const parsed = parsePhoneConfig(generatePhoneConfig(loaded, phone));
    assert.deepEqual(parsed.vpn, {
      mtu: 1290,
      failConnectTime: 30,
      authMethod: 2,
      pswdPersistent: false,
      autoNetDetect: false,
      enableHostIDCheck: false,
      urls: ['https://asav.sckiewer.lab/phone'],
      hashAlg: 0,
      certHashes: [loaded.certs.get('certs/asa-identity-cert.pem')?.[0]?.certHash],
    });
    assert.equal(parsed.deviceProtocol, 'SIP');
    assert.equal(parsed.signedHeaderBytes, 0);
    assert.equal(phoneConfigFileName(phone.mac), 'SEP682C7B40B5CE.cnf.xml');
  });

  it('round-trips two gateways in order, password auth and the profile switches', async () => {
    const loaded = await loadFixtureDeployment('examples/branch-office/deployment.yaml');
    const phone = loaded.deployment.phones[1];
    assert.ok(phone);
    const xml = generatePhoneConfig(loaded, phone);
    const vpn = parsePhoneConfig(xml).vpn;
    assert.deepEqual(vpn?.urls, ['https://vpn1.branch.example/phones', 'https://vpn2.branch.example/phones']);
    assert.deepEqual(vpn?.certHashes, [
      loaded.certs.get('certs/vpn1.pem')?.[0]?.certHash,
      loaded.certs.get('certs/vpn2.pem')?.[0]?.certHash,
    ]);
    assert.equal(vpn?.authMethod, 0);
    assert.equal(vpn?.pswdPersistent, true);
    assert.equal(vpn?.autoNetDetect, true);
    assert.equal(vpn?.enableHostIDCheck, true);
    assert.equal(vpn?.mtu, 1300);
    assert.equal(vpn?.failConnectTime, 60);
    assert.match(xml, /<modelName>Cisco 8845<\/modelName>/);
  });

  it('reads a signed .sgn file (binary header before the XML) and reports element lines', async () => {
    const loaded = await loadFixtureDeployment('examples/lab/deployment.yaml');
    const phone = loaded.deployment.phones[0];
    assert.ok(phone);
    const xml = generatePhoneConfig(loaded, phone);
    const header = Buffer.from([0x01, 0x01, 0x00, 0x02, 0xff, 0x0a, 0x00, 0x80, 0x0a, 0x41, 0x42, 0x0a]);
    const parsed = parsePhoneConfig(Buffer.concat([header, Buffer.from(xml)]));
    assert.equal(parsed.signedHeaderBytes, header.length);
    assert.deepEqual(parsed.vpn?.urls, ['https://asav.sckiewer.lab/phone']);
    const lineOfUrl = xml.split('\n').findIndex((l) => l.includes('<url1>')) + 1;
    assert.equal(parsed.lines['url1'], lineOfUrl + 3, 'line numbers count the header lines');
  });

  it('parses a file without <vpnGroup> and rejects non-XML', () => {
    assert.equal(parsePhoneConfig('<device><deviceProtocol>SCCP</deviceProtocol></device>').vpn, undefined);
    assert.throws(() => parsePhoneConfig('hello world'), PhoneConfigParseError);
    assert.throws(() => parsePhoneConfig('<device><vpnGroup></device>'), PhoneConfigParseError);
  });

  it('refuses a MAC that is not in the deployment, with exit 2', () => {
    const r = runCli([
      'generate',
      'phone-config',
      '-d',
      'examples/lab/deployment.yaml',
      '--mac',
      '001122334455',
    ]);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /phone 001122334455 is not in examples\/lab\/deployment.yaml \(phones: 682C7B40B5CE\)/,
    );
    assert.equal(
      runCli(['generate', 'phone-config', '-d', 'examples/lab/deployment.yaml', '--mac', 'zz']).code,
      2,
    );
  });
});

describe('phone configurations as they are found (issue 10)', () => {
  const fixture = (name: string) => readFileSync(repoPath(`test/fixtures/phone/${name}`));
  const auditOf = (name: string) => runAudit([{ source: name, bytes: fixture(name) }]);

  it('a slipped closing tag: the XML error with its line, and the <vpnGroup> still read', () => {
    const r = readPhoneConfig(fixture('SEP-slipped-tag.cnf.xml'));
    assert.match(r.problem?.message ?? '', /^invalid XML: Expected closing tag 'defaultWallpaperFile'/);
    assert.equal(r.problem?.line, 35);
    assert.equal(r.parsed.vpn?.mtu, 1290);
    assert.equal(r.parsed.vpn?.autoNetDetect, true);
    assert.deepEqual(r.parsed.vpn?.urls, ['https://vpn.example.net/phones']);
    assert.deepEqual(r.parsed.vpn?.certHashes, ['1eD9l3VEI9DGWQGKlNBGE1bRhUg=']);
    assert.equal(r.parsed.deviceProtocol, 'SIP');
    assert.equal(r.parsed.lines['url1'], 25);
    // The strict parser still refuses it (the probe reads what a phone would).
    assert.throws(() => parsePhoneConfig(fixture('SEP-slipped-tag.cnf.xml')), PhoneConfigParseError);
    const ids = auditOf('SEP-slipped-tag.cnf.xml').findings.map((f) => `${f.id}:${f.evidence[0]?.line}`);
    assert.ok(ids.includes('unrecognized-input:35'), ids.join(', '));
    assert.ok(ids.includes('auto-network-detect-on:22'), ids.join(', '));
    assert.ok(ids.includes('alternate-tftp-required:17'), ids.join(', '));
  });

  it('a <vpnGroup> inside a comment is no VPN: no alternate-tftp-required, no line for its elements', () => {
    const r = readPhoneConfig(fixture('SEP-vpn-commented.cnf.xml'));
    assert.equal(r.problem, undefined);
    assert.equal(r.parsed.vpn, undefined);
    assert.equal(r.parsed.lines['url1'], undefined);
    const ids = auditOf('SEP-vpn-commented.cnf.xml').findings.map((f) => f.id);
    assert.ok(!ids.includes('alternate-tftp-required'), ids.join(', '));
    assert.ok(!ids.includes('auto-network-detect-on'), ids.join(', '));
  });

  it('a pasted `cat` of a .sgn showing only the <vpnGroup>: read as a fragment, no invented defaults', () => {
    const b = fixture('sgn-vpngroup-fragment.txt');
    assert.equal(classify('x', b).kind, 'phone-config');
    const r = readPhoneConfig(b);
    assert.equal(r.fragment, true);
    assert.equal(r.problem, undefined);
    assert.deepEqual(r.parsed.vpn?.urls, ['https://203.0.113.7/phones']);
    assert.equal(r.parsed.vpn?.mtu, undefined);
    assert.equal(r.parsed.lines['url1'], 9);
    const ids = auditOf('sgn-vpngroup-fragment.txt').findings.map((f) => f.id);
    assert.ok(ids.includes('alternate-tftp-required'), ids.join(', '));
    assert.ok(!ids.includes('vpn-profile-out-of-range') && !ids.includes('unrecognized-input'), ids.join());
  });

  it('`more`/`cat` of a .sgn printed as text: the header shown as text is skipped, the XML read', () => {
    for (const [name, hint] of [
      ['sgn-more-as-text.txt', /binary header skipped/],
      ['sgn-cat-text-only.txt', /shown as text/],
    ] as const) {
      const b = fixture(name);
      const c = classify(name, b);
      assert.equal(c.kind, 'phone-config', name);
      assert.match(c.hint ?? '', hint, name);
      const r = readPhoneConfig(b);
      assert.equal(r.problem, undefined, name);
      assert.deepEqual(r.parsed.vpn?.urls, ['https://vpn.example.net/phones'], name);
    }
  });
});
