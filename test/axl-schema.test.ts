// AXL as Cisco's schema defines it: every request `generate cucm --format axl` writes for the examples
// validates against the AXL 14.0 schema (the copy in test/fixtures), in the schema's element order; and
// the responses of each shape (getVpnGateway, listVpnGateway, getVpnGroup, getVpnProfile,
// getCommonPhoneConfig, listPhone) are read for AXL 10.5 to 15.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runAudit } from '../src/checks/audit.js';
import { parseAxlResponse } from '../src/cucm/axl.js';
import { AXL_SCHEMA_FIXTURE, bodyElement, validateEnvelopes, xmllintFiles } from './support/axl.js';
import { repoPath, runCli, tempDir } from './support/paths.js';

const SCHEMA = repoPath(AXL_SCHEMA_FIXTURE);
const RESPONSES = repoPath('test/fixtures/axl/responses');
const response = (name: string) => readFileSync(join(RESPONSES, `${name}.xml`), 'utf8');
const VERSIONS = ['10.5', '11.0', '11.5', '12.0', '12.5', '14.0', '15.0'];
const asVersion = (xml: string, v: string) =>
  xml.replace(/http:\/\/www\.cisco\.com\/AXL\/API\/[0-9.]+/g, `http://www.cisco.com/AXL/API/${v}`);

/** The element names directly inside the first `<tag>` of the XML, in document order. */
function childOrder(xml: string, tag: string): string[] {
  const open = xml.indexOf(`<${tag}>`);
  const close = xml.indexOf(`</${tag}>`, open);
  const inner = xml.slice(open + tag.length + 2, close);
  const out: string[] = [];
  let depth = 0;
  for (const m of inner.matchAll(/<(\/?)(\w+)[^>]*?(\/?)>/g)) {
    if (m[1] === '/') depth--;
    else {
      if (depth === 0) out.push(m[2] ?? '');
      if (m[3] !== '/') depth++;
    }
  }
  return out;
}

describe('AXL requests validate against the AXL 14.0 schema', () => {
  const tmp = tempDir('vpnphone-axl-');
  after(() => tmp.cleanup());
  const written: { name: string; body: string }[] = [];

  it('generate cucm --format axl writes valid requests for both examples', () => {
    for (const ex of ['lab', 'branch-office']) {
      const dir = join(tmp.dir, ex);
      const r = runCli([
        'generate',
        'cucm',
        '-d',
        `examples/${ex}/deployment.yaml`,
        '--format',
        'axl',
        '--out-dir',
        dir,
      ]);
      assert.equal(r.code, 0, r.stderr);
      for (const f of readdirSync(dir).sort())
        written.push({ name: `${ex}-${f.replace(/\.xml$/, '')}`, body: readFileSync(join(dir, f), 'utf8') });
    }
    assert.equal(written.length, 9);
    assert.deepEqual(validateEnvelopes(SCHEMA, tmp.dir, written), []);
  });

  it("keeps the schema's element order: XVpnProfile, XVpnGatewayMember", () => {
    const profiles = written.filter((w) => w.name.endsWith('addVpnProfile'));
    assert.equal(profiles.length, 2);
    for (const p of profiles)
      assert.deepEqual(childOrder(p.body, 'vpnProfile'), [
        'name',
        'description',
        'autoNetworkDetection',
        'mtu',
        'failToConnect',
        'clientAuthentication',
        'pwdPersistant',
        'enableHostIdCheck',
      ]);
    const gateways = written.filter((w) => w.name.includes('addVpnGateway'));
    assert.equal(gateways.length, 3);
    for (const g of gateways) {
      assert.deepEqual(childOrder(g.body, 'vpnGateway'), ['name', 'description', 'url', 'certificates']);
      assert.deepEqual(childOrder(g.body, 'certificate'), ['issuerName', 'serialNumber']);
    }
  });

  it('the check is real: the old order and a subjectName are refused', () => {
    const p = written.find((w) => w.name === 'lab-01-addVpnProfile');
    const g = written.find((w) => w.name === 'lab-02-addVpnGateway');
    assert.ok(p && g);
    const hostIdFirst = p.body.replace(
      /(\s*<clientAuthentication>[^<]*<\/clientAuthentication>\s*<pwdPersistant>[^<]*<\/pwdPersistant>)(\s*<enableHostIdCheck>[^<]*<\/enableHostIdCheck>)/,
      '$2$1',
    );
    assert.notEqual(hostIdFirst, p.body);
    const subject = g.body.replace('<issuerName>', '<subjectName>CN=x</subjectName><issuerName>');
    const bad = validateEnvelopes(SCHEMA, tmp.dir, [
      { name: 'bad-order', body: hostIdFirst },
      { name: 'bad-subject', body: subject },
    ]);
    assert.equal(bad.length, 2, bad.join('\n'));
    assert.match(bad[0] ?? '', /enableHostIdCheck|clientAuthentication/);
    assert.match(bad[1] ?? '', /subjectName/);
  });
});

describe('AXL responses as the schema defines them, 10.5 to 15', () => {
  const tmp = tempDir('vpnphone-axl-res-');
  after(() => tmp.cleanup());
  const names = [
    'getVpnGateway',
    'listVpnGateway',
    'getVpnGroup',
    'getVpnProfile',
    'getCommonPhoneConfig',
    'listPhone',
  ];

  it('every response fixture is valid against the schema (so the shapes are the schema’s)', () => {
    const files = names.map((n) => {
      const f = join(tmp.dir, `${n}.xml`);
      writeFileSync(f, bodyElement(response(n), '14.0').xml);
      return f;
    });
    assert.deepEqual(xmllintFiles(SCHEMA, files), []);
  });

  for (const v of VERSIONS)
    it(`reads each shape in the AXL ${v} namespace`, () => {
      const gw = parseAxlResponse(asVersion(response('getVpnGateway'), v)).gateways;
      assert.deepEqual(
        gw.map((g) => [g.name, g.url, g.certificateSerials, g.uuid]),
        [
          [
            'asav.sckiewer.lab',
            'https://asav.sckiewer.lab/phone',
            ['6B2BE10809E68FFF', '1FA2'],
            '{0A1B2C3D-0000-4000-8000-000000000001}',
          ],
        ],
      );
      const list = parseAxlResponse(asVersion(response('listVpnGateway'), v)).gateways;
      assert.deepEqual(
        list.map((g) => [g.name, g.url, g.certificateCount]),
        [
          ['vpn1', 'https://vpn1.branch.example/phones', 0],
          ['vpn2', 'https://vpn2.branch.example/phones', 0],
        ],
      );
      const grp = parseAxlResponse(asVersion(response('getVpnGroup'), v));
      // The group's vpnGateways/vpnGateway are members, by priority, not gateways of their own.
      assert.deepEqual(
        grp.groups.map((g) => [g.name, g.gateways]),
        [['VPN_Group_1', ['vpn1', 'vpn2']]],
      );
      assert.deepEqual(grp.gateways, []);
      const prof = parseAxlResponse(asVersion(response('getVpnProfile'), v)).profiles[0];
      assert.equal(prof?.clientAuthentication, 'certificate');
      assert.equal(prof?.hostIdCheck, true);
      assert.equal(prof?.autoNetworkDetect, true);
      assert.equal(prof?.mtu, 1290);
      const cpc = parseAxlResponse(asVersion(response('getCommonPhoneConfig'), v)).commonPhoneConfigs;
      assert.deepEqual(
        cpc.map((c) => [c.name, c.vpnGroup, c.vpnProfile]),
        [['Standard Common Phone Profile - VPN_Auto-On', 'VPN_Group_1', 'VPN_Profile']],
      );
      const phones = parseAxlResponse(asVersion(response('listPhone'), v)).phones;
      assert.deepEqual(
        phones.map((p) => [p.name, p.model, p.loadInformation]),
        [
          ['SEP682C7B40B5CE', 'Cisco 8861', 'sip88xx.14-1-1-0001-136'],
          ['SEP001122334455', 'Cisco 7975', 'SCCP75.9-4-2SR3-1S'],
        ],
      );
    });

  it('audit reads them: kinds, the phones’ models (both MIC chains), URLs and profile', () => {
    const rc = `: Saved
ASA Version 9.8(4)
tunnel-group T type remote-access
tunnel-group T webvpn-attributes
 authentication certificate
 group-url https://asav.sckiewer.lab/phone/ enable
crypto ca trustpoint T
 enrollment self
ssl trust-point T outside
: end
`;
    const r = runAudit([
      { source: 'rc.txt', bytes: Buffer.from(rc) },
      ...names.map((n) => ({ source: `${n}.xml`, bytes: Buffer.from(asVersion(response(n), '15.0')) })),
    ]);
    assert.deepEqual(
      r.inputs.filter((i) => i.source.endsWith('.xml')).map((i) => i.kind),
      names.map(() => 'axl-response'),
    );
    const ca = r.findings.filter((f) => f.id === 'phone-ca-trustpoint-missing').map((f) => f.message);
    assert.ok(
      ca.some((m) => /Cisco_Root_CA_2048.*7975/.test(m)),
      ca.join('\n'),
    );
    assert.ok(
      ca.some((m) => /Cisco_Root_CA_M2.*8861/.test(m)),
      ca.join('\n'),
    );
    const mismatch = r.findings.find((f) => f.id === 'group-url-mismatch');
    assert.equal(
      mismatch?.evidence.some((e) => e.source === 'getVpnGateway.xml'),
      true,
    );
  });
});
