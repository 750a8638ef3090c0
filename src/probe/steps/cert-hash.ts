// Step cert-hash: the headend certificate's SHA-1 hash must be one of the configuration's certHash values.
import { isEcCipher } from '../../asa/ciphers.js';
import { fail, logLoginFailed, type Outcome, passed, type Session, skipped } from './session.js';
import type { TlsSession } from './tls.js';

/**
 * A phone does not log the key of the certificate it refuses; the probe does, so that reading its log back
 * tells the ASA's temporary EC certificate from a renewed one (docs/diagnose.md).
 */
export function logPresented(s: Session, cert: TlsSession['cert']): void {
  s.log.vpnc(
    'NOT',
    'verify_cert',
    `server certificate: ${cert.keyType} key${cert.selfSigned ? ', self-signed' : ''}, subject ${cert.subject}`,
  );
}

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
  logPresented(s, cert);
  s.log.vpnc('ERR', 'verify_cert_hash', `server certificate hash not matched: ${cert.certHash}`);
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
      ...(s.o.config.gateway ? { gateway: `url${s.o.config.gateway} ${s.o.config.url}` } : {}),
    },
  );
}
