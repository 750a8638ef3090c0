import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it, test } from 'node:test';
import { repoPath } from '../../test/support/paths.js';
import { classify } from '../inputs/classify.js';
import {
  CertificateParseError,
  certHashOf,
  certInfoFromDer,
  daysLeft,
  hostMatchesCertificate,
  looksLikeCertificate,
  MAX_CERTIFICATES,
  readCertificates,
  splitCertificates,
} from './cert.js';
import {
  createSelfSignedIdentity,
  createTestCa,
  issueCertificate,
  loadIssuer,
  phoneCertificateSubject,
} from './create.js';

/** certHash computed independently, from Node's own X.509 fingerprint (colon hex SHA-1). */
function certHashFromNode(pem: string): string {
  return Buffer.from(new X509Certificate(pem).fingerprint.replace(/:/g, ''), 'hex').toString('base64');
}

describe('certificates', () => {
  it('computes the phone certHash (base64 SHA-1 of the DER) for the lab identity', () => {
    const pem = readFileSync(repoPath('examples/lab/certs/asa-identity-cert.pem'), 'utf8');
    const [c] = readCertificates(pem);
    assert.ok(c);
    assert.equal(c.certHash, certHashFromNode(pem));
    assert.equal(c.subjectCN, 'asav.sckiewer.lab');
    assert.equal(c.selfSigned, true);
    assert.equal(c.keyType, 'RSA');
    assert.equal(c.keySize, 2048);
    assert.equal(c.signatureHash, 'sha256');
    assert.equal(Buffer.from(c.certHash, 'base64').toString('hex').toUpperCase(), c.sha1Hex);
    assert.equal(c.sha256Hex.length, 64);
  });

  it('reads DER, PEM chains, and ignores a private key in the same file', async () => {
    const ca = await createTestCa({ subject: 'CN=Test Phone CA' });
    const leaf = await issueCertificate(ca, {
      subject: 'CN=vpn.example.com',
      usage: 'server',
      sanDns: ['vpn.example.com'],
    });
    const chain = readCertificates(leaf.keyPem + leaf.certPem + ca.certPem);
    assert.deepEqual(
      chain.map((c) => c.subjectCN),
      ['vpn.example.com', 'Test Phone CA'],
    );
    assert.equal(chain[1]?.isCa, true);
    assert.equal(chain[0]?.issuerCN, 'Test Phone CA');
    const der = readCertificates(leaf.der);
    assert.equal(der[0]?.certHash, certHashOf(leaf.der));
    assert.equal(der[0]?.certHash, certHashFromNode(leaf.certPem));
    assert.ok(looksLikeCertificate(leaf.der));
    assert.ok(looksLikeCertificate(Buffer.from(leaf.certPem)));
    assert.ok(!looksLikeCertificate(Buffer.from('ip local pool x 1.1.1.1-1.1.1.2\n')));
  });

  it('rejects input without a certificate', () => {
    assert.throws(() => readCertificates('hello'), CertificateParseError);
    assert.throws(
      () => readCertificates(new Uint8Array([0x30, 0x82, 0x00, 0x04, 1, 2, 3, 4])),
      CertificateParseError,
    );
  });

  it('matches hosts like the phone host ID check: CN or SAN, no wildcards, IP SANs', async () => {
    const c = (
      await createSelfSignedIdentity({
        subject: 'CN=asav.sckiewer.lab',
        sanDns: ['vpn.sckiewer.lab', '*.sckiewer.lab'],
        sanIp: ['172.16.1.250'],
      })
    ).certPem;
    const [info] = readCertificates(c);
    assert.ok(info);
    assert.deepEqual(info.sanIp, ['172.16.1.250']);
    assert.equal(hostMatchesCertificate('asav.sckiewer.lab', info), true);
    assert.equal(hostMatchesCertificate('ASAV.Sckiewer.LAB', info), true);
    assert.equal(hostMatchesCertificate('vpn.sckiewer.lab', info), true);
    assert.equal(hostMatchesCertificate('other.sckiewer.lab', info), false, 'wildcards do not count');
    assert.equal(hostMatchesCertificate('172.16.1.250', info), true);
    assert.equal(hostMatchesCertificate('172.16.1.251', info), false);
  });

  it('counts days left and sees expiry', async () => {
    const c = await createSelfSignedIdentity({
      subject: 'CN=x',
      notBefore: new Date('2020-01-01T00:00:00Z'),
      days: 30,
    });
    const [info] = readCertificates(c.certPem);
    assert.ok(info);
    assert.equal(daysLeft(info, new Date('2020-01-21T00:00:00Z')), 10);
    assert.ok(daysLeft(info, new Date('2020-03-01T00:00:00Z')) < 0);
  });

  it('creates EC and SHA-1 signed certificates for old-phone tests', async () => {
    const ec = readCertificates(
      (await createSelfSignedIdentity({ subject: 'CN=ec', key: { type: 'EC' } })).certPem,
    )[0];
    assert.equal(ec?.keyType, 'EC');
    assert.equal(ec?.curve, 'P-256');
    const sha1 = readCertificates((await createTestCa({ subject: 'CN=old', hash: 'SHA-1' })).certPem)[0];
    assert.equal(sha1?.signatureHash, 'sha1');
  });

  it('issues phone certificates CN=CP-<model>-SEP<MAC> from a CA loaded back from PEM', async () => {
    const ca = await createTestCa({ subject: 'CN=CAPF-test' });
    const again = await loadIssuer(ca.certPem, ca.keyPem);
    const phone = await issueCertificate(again, {
      subject: phoneCertificateSubject('8861', '682c7b40b5ce'),
      usage: 'client',
    });
    const [info] = readCertificates(phone.certPem);
    assert.equal(info?.subjectCN, 'CP-8861-SEP682C7B40B5CE');
    assert.equal(info?.issuerCN, 'CAPF-test');
    assert.ok(new X509Certificate(phone.certPem).verify(new X509Certificate(ca.certPem).publicKey));
  });
});

// Regressions from fuzzing (issue 15): the X.509 library's own errors left readCertificates.
test('a certificate OpenSSL accepts but the decoder cannot read (ku-tag.pem) is "not a valid X.509 certificate"', () => {
  const pem = readFileSync(repoPath('test/fixtures/fuzz/ku-tag.pem'));
  assert.throws(
    () => readCertificates(pem),
    (e: unknown) => e instanceof CertificateParseError && /^not a valid X\.509 certificate: /.test(e.message),
  );
});

test('every mutation of a real certificate gives certificate facts or a CertificateParseError, nothing else', () => {
  const der = readCertificates(readFileSync(repoPath('examples/lab/certs/asa-identity-cert.pem')))[0]?.der;
  assert.ok(der);
  let refused = 0;
  // Each byte position set to three values: over 4,000 variants, from truncated lengths to bad tags.
  for (let i = 0; i < der.length; i++) {
    for (const v of [0x00, 0x80, 0xff]) {
      const m = new Uint8Array(der);
      m[i] = v;
      try {
        certInfoFromDer(m);
      } catch (e) {
        assert.ok(e instanceof CertificateParseError, `byte ${i} = ${v}: ${String(e)}`);
        refused++;
      }
    }
  }
  assert.ok(refused > 0);
});

test('PEM with 100,000 BEGIN markers and no END is read in linear time: no certificate', {
  timeout: 20_000,
}, () => {
  assert.throws(
    () => readCertificates('-----BEGIN CERTIFICATE-----\nAAAA\n'.repeat(100_000)),
    /no certificate found/,
  );
});

// Regression (fuzz, issue 15, seed 15): 2 MB of one DER certificate repeated (2,651 copies) took 16 s, every
// copy decoded on each of four passes (classified on its head, classified, read). Now a certificate is
// decoded once per process and at most MAX_CERTIFICATES are read from one input.
test('300 copies of one DER certificate (certificate-repeated-der.cer): the first 256 are read, classify says so', () => {
  const bytes = readFileSync(repoPath('test/fixtures/fuzz/certificate-repeated-der.cer'));
  const certs = readCertificates(bytes);
  assert.equal(MAX_CERTIFICATES, 256);
  assert.equal(certs.length, MAX_CERTIFICATES);
  const first = bytes.subarray(0, certs[0]?.der.length);
  assert.equal(new Set(certs.map((c) => c.certHash)).size, 1);
  // Each is its own copy's bytes, not the first one's.
  assert.equal(certs[255]?.der.byteOffset, bytes.byteOffset + 255 * first.length);
  assert.ok(Buffer.from(certs[255]?.der ?? []).equals(first));
  const c = classify('bundle.cer', bytes);
  assert.equal(c.kind, 'certificate');
  assert.equal(c.hint, '300 certificates; the first 256 are read');
});

test('a bundle of 300 different certificates: the first 256 are read, in order, each with its own facts', async () => {
  const ca = await createTestCa({ subject: 'CN=Bundle CA', key: { type: 'EC' } });
  const pems: string[] = [];
  for (let i = 0; i < 300; i++)
    pems.push(
      (
        await issueCertificate(ca, {
          subject: `CN=vpn${i}.example.com`,
          usage: 'server',
          key: { type: 'EC' },
        })
      ).certPem,
    );
  const certs = readCertificates(pems.join(''));
  assert.deepEqual(
    certs.map((c) => c.subjectCN),
    Array.from({ length: MAX_CERTIFICATES }, (_, i) => `vpn${i}.example.com`),
  );
  // Read again (decoded once): the same facts.
  assert.deepEqual(
    readCertificates(pems[7] ?? '').map((c) => [c.subjectCN, c.certHash]),
    [[certs[7]?.subjectCN, certs[7]?.certHash]],
  );
  assert.equal(
    classify('bundle.pem', Buffer.from(pems.join(''))).hint,
    '300 certificates; the first 256 are read',
  );
});

test('a certificate the decoder refuses (ku-tag.pem) stays refused when met again (errors are kept too)', () => {
  const der = splitCertificates(readFileSync(repoPath('test/fixtures/fuzz/ku-tag.pem')))[0];
  assert.ok(der);
  const message = () => {
    try {
      certInfoFromDer(der);
      return 'decoded';
    } catch (e) {
      return e instanceof CertificateParseError ? e.message : `other: ${String(e)}`;
    }
  };
  const first = message();
  assert.match(first, /^not a valid X\.509 certificate/);
  assert.equal(message(), first);
});
