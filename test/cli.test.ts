import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, tempDir } from './support/paths.js';

describe('vpnphone command line', () => {
  it('prints help with the commands and exits 0', () => {
    const r = runCli(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: vpnphone/);
    assert.match(r.stdout, /generate/);
    assert.match(r.stdout, /cert/);
    const g = runCli(['generate', '--help']);
    assert.equal(g.code, 0);
    assert.match(g.stdout, /Examples:/);
  });

  it('exits 2 on an unknown command or a missing option', () => {
    assert.equal(runCli(['frobnicate']).code, 2);
    const r = runCli(['generate', 'asa']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--deployment/);
  });

  it('shows the certHash of a certificate (text and JSON)', () => {
    const r = runCli([
      'cert',
      'show',
      '--json',
      '--now',
      '2026-06-01',
      'examples/lab/certs/asa-identity-cert.pem',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const [entry] = JSON.parse(r.stdout);
    const cert = entry.certificates[0];
    const node = new X509Certificate(readFileSync('examples/lab/certs/asa-identity-cert.pem'));
    assert.equal(cert.certHash, Buffer.from(node.fingerprint.replace(/:/g, ''), 'hex').toString('base64'));
    assert.equal(cert.subjectCN, 'asav.sckiewer.lab');
    assert.equal(cert.daysLeft, 3503);
    const t = runCli(['cert', 'show', 'examples/lab/certs/asa-identity-cert.pem']);
    assert.match(t.stdout, new RegExp(`certHash {5}${cert.certHash.replace(/[+/]/g, '\\$&')}`));
    const bad = runCli(['cert', 'show', 'package.json']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /package.json: no certificate found/);
  });

  it('creates a CA, a phone certificate signed by it, and never prints a key', () => {
    const t = tempDir();
    try {
      const f = (n: string) => join(t.dir, n);
      const ca = runCli([
        'cert',
        'create',
        'ca',
        '--subject',
        'CN=Lab CAPF',
        '--out-cert',
        f('ca.pem'),
        '--out-key',
        f('ca.key'),
      ]);
      assert.equal(ca.code, 0, ca.stderr);
      const phone = runCli([
        'cert',
        'create',
        'phone',
        '--ca-cert',
        f('ca.pem'),
        '--ca-key',
        f('ca.key'),
        '--model',
        '8861',
        '--mac',
        '682c7b40b5ce',
        '--out-cert',
        f('phone.pem'),
        '--out-key',
        f('phone.key'),
      ]);
      assert.equal(phone.code, 0, phone.stderr);
      for (const out of [ca.stdout, phone.stdout]) assert.ok(!out.includes('PRIVATE KEY'));
      assert.equal(statSync(f('phone.key')).mode & 0o777, 0o600);
      const cert = new X509Certificate(readFileSync(f('phone.pem')));
      assert.equal(cert.subject, 'CN=CP-8861-SEP682C7B40B5CE');
      assert.ok(cert.verify(new X509Certificate(readFileSync(f('ca.pem'))).publicKey));
      const id = runCli([
        'cert',
        'create',
        'identity',
        '--subject',
        'CN=vpn.example.com',
        '--san-dns',
        'vpn.example.com',
        '--key-type',
        'ec',
        '--out-cert',
        f('id.pem'),
        '--out-key',
        f('id.key'),
      ]);
      assert.equal(id.code, 0, id.stderr);
      const idCert = new X509Certificate(readFileSync(f('id.pem')));
      assert.equal(idCert.subjectAltName, 'DNS:vpn.example.com');
      assert.equal(idCert.publicKey.asymmetricKeyType, 'ec');
    } finally {
      t.cleanup();
    }
  });
});
