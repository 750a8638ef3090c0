// The deployment's identity end to end through the CLI: refusal of an untrusted one, enroll: self, PKCS#12, export read-back.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readCertificates } from '../src/pki/cert.js';
import { createSelfSignedIdentity } from '../src/pki/create.js';
import { repoPath, runCli, tempDir } from './support/paths.js';

const lab = () => readFileSync(repoPath('examples/lab/deployment.yaml'), 'utf8');

describe('deployment identity', () => {
  const tmp = tempDir('vpnphone-identity-');
  let otherPem = '';
  let otherKey = '';
  before(async () => {
    cpSync(repoPath('examples/lab/certs'), join(tmp.dir, 'certs'), { recursive: true });
    const other = await createSelfSignedIdentity({ subject: 'CN=asav.sckiewer.lab', days: 30 });
    otherPem = join(tmp.dir, 'certs/new.pem');
    otherKey = join(tmp.dir, 'new.key');
    writeFileSync(otherPem, other.certPem);
    writeFileSync(otherKey, other.keyPem, { mode: 0o600 });
  });
  after(() => tmp.cleanup());

  const deployment = (name: string, text: string) => {
    const f = join(tmp.dir, name);
    writeFileSync(f, text);
    return f;
  };

  it('refuses (exit 2) a headend presenting a certificate its gateway does not include, naming both', () => {
    const d = deployment(
      'untrusted.yaml',
      lab().replace('    certificate: certs/asa-identity-cert.pem\n', '    certificate: certs/new.pem\n'),
    );
    for (const target of [['asa'], ['cucm'], ['phone-config', '--mac', '682C7B40B5CE']]) {
      const r = runCli(['generate', ...target, '-d', d]);
      assert.equal(r.code, 2, `${target[0]}: ${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /headend sckiewer-ASAv would present certs\/new\.pem/);
      assert.match(r.stderr, /VPN gateway "asav\.sckiewer\.lab" does not include/);
    }
  });

  it('generates a headend whose certificate a gateway includes among others (the staged renewal)', () => {
    const d = deployment(
      'staged.yaml',
      lab().replace(
        '        - certs/asa-identity-cert.pem\n',
        '        - certs/asa-identity-cert.pem\n        - certs/new.pem\n',
      ),
    );
    const r = runCli(['generate', 'asa', '-d', d]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
  });

  it('enroll: self warns loudly on stderr with the export command, and keeps stdout the configuration', () => {
    const d = deployment(
      'self.yaml',
      lab().replace('    certificate: certs/asa-identity-cert.pem\n', '    enroll: self\n'),
    );
    const r = runCli(['generate', 'asa', '-d', d]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /WARNING: .*NEW self-signed certificate/);
    assert.match(r.stderr, /phones cannot trust it/);
    assert.match(r.stderr, /crypto ca export asa-identity-cert identity-certificate/);
    assert.ok(!r.stdout.includes('WARNING'));
    assert.match(r.stdout, /^crypto ca enroll asa-identity-cert noconfirm$/m);
  });

  it('refuses enroll: self together with a certificate, and enroll: self for ocserv', () => {
    const both = deployment(
      'both.yaml',
      lab().replace(
        '    certificate: certs/asa-identity-cert.pem\n',
        '    enroll: self\n    certificate: certs/asa-identity-cert.pem\n',
      ),
    );
    const r = runCli(['generate', 'asa', '-d', both]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /headend\.identity\.enroll: enroll: self makes a new certificate/);
    const none = deployment('none.yaml', lab().replace('    certificate: certs/asa-identity-cert.pem\n', ''));
    const r2 = runCli(['generate', 'asa', '-d', none]);
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /name the certificate the headend presents/);
  });

  it('cert pkcs12 writes the ASA import to the named file only (mode 0600), and openssl reads the bundle back', () => {
    const out = join(tmp.dir, 'import.txt');
    const r = runCli([
      'cert',
      'pkcs12',
      '--cert',
      otherPem,
      '--key',
      otherKey,
      '--trustpoint',
      'asa-identity-new',
      '--out',
      out,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const text = readFileSync(out, 'utf8');
    const lines = text.trimEnd().split('\n');
    const cmd = lines.find((l) => l.startsWith('crypto ca import '));
    const m = /^crypto ca import asa-identity-new pkcs12 ([A-Za-z0-9_-]+)$/.exec(cmd ?? '');
    assert.ok(m?.[1], cmd);
    const pass = m[1];
    assert.equal(lines.at(-1), 'quit');
    assert.equal(statSync(out).mode & 0o777, 0o600);
    // Neither the pass phrase nor key material reaches the terminal.
    assert.ok(!r.stdout.includes(pass) && !r.stderr.includes(pass));
    assert.ok(!/PRIVATE KEY/.test(r.stdout + r.stderr));
    const b64 = lines.slice(lines.indexOf(cmd as string) + 1, -1).join('');
    const p12 = join(tmp.dir, 'back.p12');
    writeFileSync(p12, Buffer.from(b64, 'base64'));
    const pem = execFileSync('openssl', ['pkcs12', '-in', p12, '-nokeys', '-passin', 'env:P'], {
      env: { ...process.env, P: pass },
      encoding: 'utf8',
    });
    const back = readCertificates(pem)[0];
    const want = readCertificates(readFileSync(otherPem))[0];
    assert.equal(back?.certHash, want?.certHash);
  });

  it('cert pkcs12 refuses a key that does not belong to the certificate (exit 2)', () => {
    const r = runCli([
      'cert',
      'pkcs12',
      '--cert',
      join(tmp.dir, 'certs/asa-identity-cert.pem'),
      '--key',
      otherKey,
      '--trustpoint',
      'tp',
      '--out',
      join(tmp.dir, 'bad.txt'),
    ]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot make a PKCS#12 bundle/);
  });

  it('cert from-asa reads a pasted crypto ca export output and gives its certHash and PEM', () => {
    const pem = readFileSync(otherPem, 'utf8');
    const pasted = `asav(config)# crypto ca export asa-identity-new identity-certificate\r\nThe PEM encoded identity certificate follows:\r\n${pem.replace(/\n/g, '\r\n')}\r\nasav(config)#\r\n`;
    const outCert = join(tmp.dir, 'exported.pem');
    const r = runCli(['cert', 'from-asa', '--out-cert', outCert, '--json'], { input: pasted });
    assert.equal(r.code, 0, r.stderr);
    const want = readCertificates(pem)[0];
    assert.equal(JSON.parse(r.stdout).certificate.certHash, want?.certHash);
    assert.equal(readCertificates(readFileSync(outCert))[0]?.certHash, want?.certHash);
    const bad = runCli(['cert', 'from-asa'], { input: 'asav(config)# show run\n' });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /crypto ca export TP identity-certificate/);
  });
});
