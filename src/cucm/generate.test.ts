import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { loadFixtureDeployment } from '../../test/support/deployments.js';
import { repoPath, runCli, tempDir } from '../../test/support/paths.js';
import { axlVersion, generateAxlRequests, generateCucmChecklist } from './generate.js';

const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false });

/** The operation element inside a SOAP envelope. */
function bodyOf(xml: string, operation: string): Record<string, unknown> {
  const env = parser.parse(xml)['soapenv:Envelope'];
  assert.ok(env, 'a SOAP envelope');
  const op = env['soapenv:Body'][`ns:${operation}`];
  assert.ok(op, `the body holds ns:${operation}`);
  return op;
}

describe('generate cucm', () => {
  it('writes AXL requests that parse back to the deployment values (lab)', async () => {
    const loaded = await loadFixtureDeployment('examples/lab/deployment.yaml');
    const reqs = generateAxlRequests(loaded);
    assert.deepEqual(
      reqs.map((r) => r.operation),
      ['addVpnProfile', 'addVpnGateway', 'addVpnGroup', 'updateCommonPhoneConfig'],
    );
    assert.match(reqs[0]?.body ?? '', /xmlns:ns="http:\/\/www\.cisco\.com\/AXL\/API\/11\.5"/);
    const profile = bodyOf(reqs[0]?.body ?? '', 'addVpnProfile')['vpnProfile'];
    assert.deepEqual(profile, {
      name: 'VPN_Profile',
      description: '',
      autoNetworkDetection: 'false',
      mtu: '1290',
      failToConnect: '30',
      clientAuthentication: 'Certificate',
      pwdPersistant: 'false',
      enableHostIdCheck: 'false',
    });
    // The schema's sequence, in order (XVpnProfile): a CUCM refuses elements out of it.
    assert.deepEqual(Object.keys(profile as object), [
      'name',
      'description',
      'autoNetworkDetection',
      'mtu',
      'failToConnect',
      'clientAuthentication',
      'pwdPersistant',
      'enableHostIdCheck',
    ]);
    const gw = bodyOf(reqs[1]?.body ?? '', 'addVpnGateway')['vpnGateway'] as Record<string, unknown>;
    assert.equal(gw['url'], 'https://asav.sckiewer.lab/phone');
    const cert = loaded.certs.get('certs/asa-identity-cert.pem')?.[0];
    const member = (gw['certificates'] as Record<string, unknown>)['certificate'];
    assert.deepEqual(member, { issuerName: 'CN=asav.sckiewer.lab', serialNumber: cert?.serialNumber });
    // XVpnGatewayMember: issuerName then serialNumber, nothing else.
    assert.deepEqual(Object.keys(member as object), ['issuerName', 'serialNumber']);
    const cpc = bodyOf(reqs[3]?.body ?? '', 'updateCommonPhoneConfig');
    assert.equal(cpc['name'], 'Standard Common Phone Profile - VPN_Auto-On');
    assert.equal(cpc['vpnGroupName'], 'VPN_Group_1');
    assert.equal(cpc['vpnProfileName'], 'VPN_Profile');
  });

  it('orders two gateways by priority and writes password auth (branch office)', async () => {
    const reqs = generateAxlRequests(await loadFixtureDeployment('examples/branch-office/deployment.yaml'));
    assert.deepEqual(
      reqs.map((r) => r.operation),
      ['addVpnProfile', 'addVpnGateway', 'addVpnGateway', 'addVpnGroup', 'updateCommonPhoneConfig'],
    );
    const group = bodyOf(reqs[3]?.body ?? '', 'addVpnGroup')['vpnGroup'] as Record<string, unknown>;
    assert.deepEqual((group['vpnGateways'] as Record<string, unknown>)['vpnGateway'], [
      { vpnGatewayName: 'vpn1', priority: '1' },
      { vpnGatewayName: 'vpn2', priority: '2' },
    ]);
    const profile = bodyOf(reqs[0]?.body ?? '', 'addVpnProfile')['vpnProfile'] as Record<string, unknown>;
    assert.equal(profile['clientAuthentication'], 'User and Password');
    assert.equal(profile['pwdPersistant'], 'true');
    assert.match(reqs[0]?.body ?? '', /AXL\/API\/14\.0/);
  });

  it('writes the administration checklist with the names filled in (golden for the lab)', () => {
    const r = runCli(['generate', 'cucm', '-d', 'examples/lab/deployment.yaml']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, readFileSync(repoPath('test/golden/generate-cucm-lab.txt'), 'utf8'));
    assert.match(r.stdout, /Phone-VPN-trust/);
    assert.match(r.stdout, /reset them while they are INSIDE/);
    assert.match(r.stdout, /Alternate TFTP = Yes, TFTP Server 1 = 172\.16\.100\.10/);
  });

  it('lists the branch gateways in order with their URLs', async () => {
    const text = generateCucmChecklist(await loadFixtureDeployment('examples/branch-office/deployment.yaml'));
    assert.match(text, /1\) vpn1\n {3}2\) vpn2/);
    assert.match(text, /Client Authentication Method: User and Password/);
    assert.match(
      text,
      /VPN URLs: https:\/\/vpn1\.branch\.example\/phones, https:\/\/vpn2\.branch\.example\/phones/,
    );
  });

  it('writes one file per AXL request with --out-dir', () => {
    const t = tempDir();
    try {
      const r = runCli([
        'generate',
        'cucm',
        '-d',
        'examples/lab/deployment.yaml',
        '--format',
        'axl',
        '--out-dir',
        t.dir,
      ]);
      assert.equal(r.code, 0, r.stderr);
      const files = [
        '01-addVpnProfile.xml',
        '02-addVpnGateway.xml',
        '03-addVpnGroup.xml',
        '04-updateCommonPhoneConfig.xml',
      ];
      for (const f of files) bodyOf(readFileSync(join(t.dir, f), 'utf8'), f.slice(3, -4));
    } finally {
      t.cleanup();
    }
    assert.equal(
      runCli(['generate', 'cucm', '-d', 'examples/lab/deployment.yaml', '--format', 'soap']).code,
      2,
    );
  });

  it('derives the AXL version from the CUCM version', () => {
    assert.equal(axlVersion('11.5.1.21900-40'), '11.5');
    assert.equal(axlVersion(undefined), '12.5');
  });
});
