// Step cert-hash: the headend certificate's SHA-1 hash must be one of the configuration's certHash values.
import { isEcCipher } from '../../asa/ciphers.js';
import { fail, logLoginFailed, type Outcome, passed, type Session, skipped } from './session.js';
import type { TlsSession } from './tls.js';

export function certHashStep(s: Session, t: TlsSession): Outcome<void> {
  const { cert, cipher } = t;
  const hashes = s.o.config.certHashes;
  if (hashes.length === 0) {
    return skipped(
      `no certHash to compare; the headend's is ${cert.certHash} (SHA-1 ${cert.sha1Hex})`,
      undefined,
    );
  }
  if (hashes.includes(cert.certHash)) {
    return passed(`${cert.certHash} is certHash${hashes.indexOf(cert.certHash) + 1}`, undefined);
  }
  s.facts.newCertHash = cert.certHash;
  s.log.vpnc('ERR', 'verify_cert', `certificate hash not found in configuration: ${cert.certHash}`);
  logLoginFailed(s);
  // An ASA from 9.4 on with an EC cipher and only an RSA identity sends a temporary self-signed EC certificate.
  if (isEcCipher(cipher) && cert.keyType === 'EC' && cert.selfSigned) {
    fail(
      'cert-hash',
      `the headend chose ${cipher} and presented a self-signed EC certificate (${cert.subject}) the phone does not trust`,
      { kind: 'ec-self-signed-cert', cipher, subject: cert.subject, certHash: cert.certHash },
    );
  }
  return fail(
    'cert-hash',
    `the headend's certificate hash ${cert.certHash} is not among the ${hashes.length} certHash values`,
    {
      kind: 'cert-hash-not-trusted',
      subject: cert.subject,
      sha1Hex: cert.sha1Hex,
      expires: cert.notAfter.toISOString().slice(0, 10),
      certHash: cert.certHash,
      source: s.o.config.source,
      hashes,
    },
  );
}
