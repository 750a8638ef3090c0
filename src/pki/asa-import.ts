// The ASA's certificate transfer texts: the `crypto ca import ... pkcs12` paste, and `crypto ca export` output read back.
import { type CertInfo, readCertificates } from './cert.js';

/**
 * The lines to paste on the ASA to import a certificate and its key into a trustpoint. They hold the pass
 * phrase and the (encrypted) key: they go only to a file the user names, never to the terminal.
 */
export function asaPkcs12Import(trustpoint: string, passphrase: string, pkcs12: Uint8Array): string {
  const b64 = Buffer.from(pkcs12).toString('base64');
  return [
    `! vpnphone: import of an identity certificate and its key into trustpoint ${trustpoint}.`,
    '! Secret: this file holds the pass phrase and the key. Paste it in configuration mode, then delete it.',
    `crypto ca import ${trustpoint} pkcs12 ${passphrase}`,
    ...(b64.match(/.{1,64}/g) ?? []),
    'quit',
    '',
  ].join('\n');
}

/** A pass phrase the ASA accepts on one line: letters, digits, `-` and `_` only. */
export function isAsaPassphrase(s: string): boolean {
  return /^[A-Za-z0-9_-]{8,128}$/.test(s);
}

/**
 * The certificate in a pasted `crypto ca export TP identity-certificate` output (the prompt, the banner
 * "The PEM encoded identity certificate follows:" and Windows line ends around it are ignored).
 */
export function certificateFromAsaExport(text: string): CertInfo {
  const certs = readCertificates(text);
  const first = certs[0];
  if (!first) throw new Error('no certificate found');
  if (certs.length > 1)
    throw new Error(
      `${certs.length} certificates found: paste the output of one crypto ca export ... identity-certificate`,
    );
  return first;
}
