import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadFixtureDeployment } from '../../test/support/deployments.js';
import { repoPath, runCli } from '../../test/support/paths.js';
import { generateAsaConfig, PHONE_SAFE_CIPHERS } from './generate.js';

/**
 * The seed's "full lab configuration" block (以下是ASA的完整實驗配置), exactly as the technote prints it:
 * test/fixtures/asa/seed-lab-config.txt (where it came from: test/fixtures/asa/README.md).
 */
function seedLabBlock(): string {
  return readFileSync(repoPath('test/fixtures/asa/seed-lab-config.txt'), 'utf8');
}

describe('generate asa', () => {
  it('prints the seed lab configuration line for line (golden)', () => {
    const r = runCli(['generate', 'asa', '-d', 'examples/lab/deployment.yaml']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, readFileSync(repoPath('test/golden/generate-asa-lab.txt'), 'utf8'));
    const block = seedLabBlock();
    assert.ok(
      block.endsWith('ssl trust-point asa-identity-cert outside\n'),
      'the whole block, to its last line',
    );
    assert.ok(block.startsWith('ip local pool vpn-phone-pool 10.10.1.1-10.10.1.254 mask 255.255.255.0\n'));
    assert.ok(r.stdout.includes(block), 'the seed block appears verbatim and contiguous');
  });

  it('keeps the existing identity (no enroll over it), adds the MIC trustpoints and phone-safe ciphers', async () => {
    const loaded = await loadFixtureDeployment('examples/lab/deployment.yaml');
    const out = generateAsaConfig(loaded);
    const lines = out.split('\n');
    const i = lines.indexOf('crypto ca trustpoint asa-identity-cert');
    assert.deepEqual(lines.slice(i, i + 2), [
      'crypto ca trustpoint asa-identity-cert',
      '    subject-name CN=asav.sckiewer.lab',
    ]);
    assert.ok(!/crypto ca enroll|enrollment self/.test(out), 'nothing replaces the working certificate');
    const hash = loaded.certs.get('certs/asa-identity-cert.pem')?.[0]?.certHash ?? '';
    assert.ok(out.includes(`certHash ${hash}`), 'names the certificate the phones trust');
    assert.match(
      out,
      /^! {3}vpnphone cert pkcs12 --cert certs\/asa-identity-cert\.pem .*--trustpoint asa-identity-cert --out FILE$/m,
    );
    assert.ok(lines.includes('crypto ca authenticate Cisco_Root_CA_M2'));
    assert.ok(lines.includes('crypto ca authenticate Cisco_Manufacturing_CA_SHA2'));
    assert.ok(
      lines.indexOf('crypto ca trustpoint asa-identity-cert') <
        lines.indexOf('ssl trust-point asa-identity-cert outside'),
    );
    const ciphers = lines.filter((l) => l.startsWith('ssl cipher '));
    assert.deepEqual(
      ciphers.map((l) => l.split(' ')[2]),
      ['tlsv1', 'tlsv1.1', 'tlsv1.2', 'dtlsv1'],
    );
    for (const l of ciphers) {
      assert.ok(!/ECDHE|ECDSA/.test(l), l);
      assert.ok(l.endsWith(`custom "${PHONE_SAFE_CIPHERS.join(':')}"`));
    }
  });

  it('enroll: self writes the enrollment and then the export the phones need', async () => {
    const out = generateAsaConfig(
      await loadFixtureDeployment('examples/lab/deployment.yaml', (t) =>
        t.replace('    certificate: certs/asa-identity-cert.pem\n', '    enroll: self\n'),
      ),
    );
    const lines = out.split('\n');
    const i = lines.indexOf('crypto ca trustpoint asa-identity-cert');
    assert.deepEqual(lines.slice(i, i + 4), [
      'crypto ca trustpoint asa-identity-cert',
      '    enrollment self',
      '    subject-name CN=asav.sckiewer.lab',
      'crypto ca enroll asa-identity-cert noconfirm',
    ]);
    assert.ok(lines.includes('!   crypto ca export asa-identity-cert identity-certificate'));
    assert.match(out, /cannot trust it until it is exported/);
  });

  it('writes password auth, DTLS off and another interface for the branch office', async () => {
    const out = generateAsaConfig(await loadFixtureDeployment('examples/branch-office/deployment.yaml'));
    assert.match(out, /^ {4}authentication aaa$/m);
    assert.match(
      out,
      /^group-policy phones-policy attributes\n {4}split-tunnel-policy tunnelall\n {4}vpn-tunnel-protocol ssl-client\n {4}webvpn\n {8}anyconnect ssl dtls none$/m,
    );
    assert.match(out, /^webvpn\n {4}enable internet\n {4}anyconnect enable$/m);
    assert.match(out, /^ssl trust-point vpn1-identity internet$/m);
    assert.match(out, /^ip local pool phones-pool 10\.20\.50\.1-10\.20\.50\.200 mask 255\.255\.255\.0$/m);
    assert.ok(!out.includes('laptops-pool'), 'only the phones pool is written');
    assert.ok(!out.includes('crypto ca authenticate'), 'no phone CA trustpoints with password auth');
  });

  it('derives phone CA trustpoints from the phones: SHA-1 and SHA-256 MIC chains, CAPF for LSC', async () => {
    const loaded = await loadFixtureDeployment('examples/branch-office/deployment.yaml', (t) =>
      t
        .replaceAll('authentication: aaa', 'authentication: certificate')
        .replace('clientAuthentication: user-password', 'clientAuthentication: certificate')
        .replace('    model: CP-8845\n', '    model: CP-8845\n    certificate: LSC\n')
        .replace('  commonPhoneProfile:', '  capfCertificate: certs/vpn2.pem\n  commonPhoneProfile:'),
    );
    const out = generateAsaConfig(loaded);
    const tps = [...out.matchAll(/^crypto ca authenticate (\S+)$/gm)].map((m) => m[1]);
    assert.deepEqual(tps, [
      'Cisco_Root_CA_2048',
      'Cisco_Manufacturing_CA',
      'CAPF',
      'Cisco_Root_CA_M2',
      'Cisco_Manufacturing_CA_SHA2',
    ]);
    // The CAPF file's certificate is pasted after `crypto ca authenticate CAPF`.
    assert.match(
      out,
      /crypto ca authenticate CAPF\n-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\nquit/,
    );
  });

  it('leaves the ASA ciphers alone with ciphers: default', async () => {
    const loaded = await loadFixtureDeployment('examples/lab/deployment.yaml', (t) =>
      t.replace('ciphers: phone-safe', 'ciphers: default'),
    );
    assert.ok(!generateAsaConfig(loaded).includes('ssl cipher'));
  });
});
