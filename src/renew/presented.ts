// The certificate a headend presents, read in a TLS handshake the way a phone starts one (the edge: network I/O).
import { isIP } from 'node:net';
import { connect } from 'node:tls';
import { type CertInfo, certInfoFromDer } from '../pki/cert.js';

export class PresentedCertError extends Error {
  override readonly name = 'PresentedCertError';
}

/** Connects to the URL's host and port, finishes the handshake and returns the leaf certificate. */
export function presentedCertificate(url: string, timeoutMs = 15_000): Promise<CertInfo> {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = Number(u.port || 443);
  return new Promise((resolve, reject) => {
    const t = connect({
      host,
      port,
      ...(isIP(host) ? {} : { servername: host }),
      // Phones trust by hash, not by chain; old phones speak TLS 1.0 with SHA-1, hence security level 0.
      rejectUnauthorized: false,
      ciphers: 'DEFAULT:@SECLEVEL=0',
      minVersion: 'TLSv1',
    });
    const timer = setTimeout(() => {
      t.destroy();
      reject(new PresentedCertError(`${url}: no TLS handshake within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    t.once('secureConnect', () => {
      clearTimeout(timer);
      const raw = t.getPeerCertificate(false)?.raw;
      t.end();
      if (!raw) reject(new PresentedCertError(`${url}: the headend presented no certificate`));
      else resolve(certInfoFromDer(new Uint8Array(raw)));
    });
    t.once('error', (e) => {
      clearTimeout(timer);
      t.destroy();
      reject(new PresentedCertError(`${url}: ${e.message}`));
    });
  });
}
