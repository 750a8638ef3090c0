import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadFixtureDeployment } from '../../test/support/deployments.js';
import { repoPath, runCli } from '../../test/support/paths.js';
import { certHashOf } from '../pki/cert.js';
import {
  generatePhoneConfig,
  PhoneConfigParseError,
  parsePhoneConfig,
  phoneConfigFileName,
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
