// Reads X.509 certificates (PEM, DER, chains) and derives what phones and headends compare: hashes, names, validity.
import { createHash } from 'node:crypto';
import { type X509, x509 } from './x509.js';

export interface CertInfo {
  der: Uint8Array;
  /** The phone configuration's certHash: base64 of SHA-1 over the DER. */
  certHash: string;
  sha1Hex: string;
  sha256Hex: string;
  subject: string;
  issuer: string;
  subjectCN: string | undefined;
  issuerCN: string | undefined;
  sanDns: string[];
  sanIp: string[];
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  selfSigned: boolean;
  isCa: boolean;
  keyType: 'RSA' | 'EC' | 'other';
  keySize: number | undefined;
  curve: string | undefined;
  signatureHash: string;
}

export class CertificateParseError extends Error {
  override readonly name = 'CertificateParseError';
}

const PEM_BEGIN = /-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----/g;
const PEM_END = /-----END (?:X509 |TRUSTED )?CERTIFICATE-----/g;

/**
 * The base64 bodies between BEGIN and END markers, found with two literal searches: a lazy
 * `BEGIN([\s\S]*?)END` pattern scans to the end of the text once per unterminated BEGIN.
 */
function pemBodies(text: string): string[] {
  const out: string[] = [];
  const begin = new RegExp(PEM_BEGIN);
  const end = new RegExp(PEM_END);
  for (;;) {
    const b = begin.exec(text);
    if (!b) break;
    end.lastIndex = begin.lastIndex;
    const e = end.exec(text);
    // No END after this BEGIN means none after any later BEGIN either.
    if (!e) break;
    out.push(text.slice(begin.lastIndex, e.index));
    begin.lastIndex = end.lastIndex;
  }
  return out;
}

/** True when the bytes look like a PEM certificate or a DER certificate (ASN.1 SEQUENCE). */
export function looksLikeCertificate(data: Uint8Array): boolean {
  const head = Buffer.from(data.subarray(0, 4096)).toString('latin1');
  if (head.includes('-----BEGIN CERTIFICATE-----') || head.includes('-----BEGIN X509 CERTIFICATE-----'))
    return true;
  return data.length > 64 && data[0] === 0x30 && data[1] === 0x82 && data[4] === 0x30;
}

/** Splits PEM text or DER bytes into DER certificates. Private keys in the same file are ignored. */
export function splitCertificates(data: Uint8Array | string): Uint8Array[] {
  const text = typeof data === 'string' ? data : Buffer.from(data).toString('latin1');
  const ders: Uint8Array[] = [];
  for (const body of pemBodies(text)) {
    ders.push(new Uint8Array(Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64')));
  }
  if (ders.length > 0) return ders;
  if (typeof data !== 'string' && data.length > 0 && data[0] === 0x30) {
    // One or more concatenated DER certificates.
    let off = 0;
    while (off < data.length) {
      const len = derLength(data, off);
      if (len === undefined) break;
      ders.push(data.subarray(off, off + len));
      off += len;
    }
  }
  return ders;
}

function derLength(d: Uint8Array, off: number): number | undefined {
  if (d[off] !== 0x30) return undefined;
  const b = d[off + 1];
  if (b === undefined) return undefined;
  if (b < 0x80) return 2 + b;
  const n = b & 0x7f;
  if (n < 1 || n > 4) return undefined;
  let len = 0;
  for (let i = 0; i < n; i++) {
    const v = d[off + 2 + i];
    if (v === undefined) return undefined;
    len = len * 256 + v;
  }
  const total = 2 + n + len;
  return off + total <= d.length ? total : undefined;
}

/**
 * Certificates read from one input at most. Decoding costs about a millisecond each, so a 2 MB file of
 * repeated certificates took seconds per pass; a real chain or CA bundle holds a few to a few hundred.
 */
export const MAX_CERTIFICATES = 256;

/**
 * Reads the certificates in PEM text or DER bytes, the first MAX_CERTIFICATES of them (`certificateCount`
 * tells how many there are); throws CertificateParseError when there is none.
 */
export function readCertificates(data: Uint8Array | string): CertInfo[] {
  const ders = splitCertificates(data);
  if (ders.length === 0) throw new CertificateParseError('no certificate found (expected PEM or DER)');
  return ders.slice(0, MAX_CERTIFICATES).map(certInfoFromDer);
}

/** How many certificates PEM text or DER bytes hold (none are decoded). */
export function certificateCount(data: Uint8Array | string): number {
  return splitCertificates(data).length;
}

/** The phone's certHash for a DER certificate. */
export function certHashOf(der: Uint8Array): string {
  return createHash('sha1').update(der).digest('base64');
}

/**
 * Decodes one DER certificate. Any decoder error, at construction or in a field the decoder reads
 * lazily (extensions, key, dates), is a CertificateParseError "not a valid X.509 certificate":
 * the ASN.1 library's own errors (TypeError, RangeError, ...) never leave this function.
 */
export function certInfoFromDer(der: Uint8Array): CertInfo {
  // One input is classified, then read (and the CLI classifies its head first): the same certificate
  // is decoded once, and its hash is the key.
  const sha1Hex = createHash('sha1').update(der).digest('hex').toUpperCase();
  const known = decoded.get(sha1Hex);
  if (known !== undefined) {
    if (known instanceof CertificateParseError) throw known;
    return { ...known, der };
  }
  let result: CertInfo | CertificateParseError;
  try {
    result = decodeCertificate(der, sha1Hex);
  } catch (e) {
    result =
      e instanceof CertificateParseError
        ? e
        : new CertificateParseError(
            `not a valid X.509 certificate: ${e instanceof Error ? e.message : String(e)}`,
          );
  }
  if (decoded.size >= DECODED_KEPT) decoded.clear();
  decoded.set(
    sha1Hex,
    result instanceof CertificateParseError ? result : { ...result, der: new Uint8Array(0) },
  );
  if (result instanceof CertificateParseError) throw result;
  return result;
}

/** Decoded certificates by SHA-1 (without their DER, which may be a view into a large input). */
const decoded = new Map<string, CertInfo | CertificateParseError>();
const DECODED_KEPT = 2 * MAX_CERTIFICATES;

function decodeCertificate(der: Uint8Array, sha1Hex: string): CertInfo {
  const lib = x509();
  const cert = new lib.X509Certificate(new Uint8Array(der));
  const san = cert.getExtension(lib.SubjectAlternativeNameExtension);
  const sanDns: string[] = [];
  const sanIp: string[] = [];
  for (const n of san?.names.items ?? []) {
    if (n.type === 'dns') sanDns.push(n.value);
    else if (n.type === 'ip') sanIp.push(n.value);
  }
  const bc = cert.getExtension(lib.BasicConstraintsExtension);
  const alg = cert.publicKey.algorithm as { name: string; modulusLength?: number; namedCurve?: string };
  const sigAlg = cert.signatureAlgorithm as { name: string; hash?: { name: string } };
  const keyType =
    alg.name === 'RSASSA-PKCS1-v1_5' || alg.name === 'RSA-PSS' || alg.name === 'RSA-OAEP'
      ? 'RSA'
      : alg.name === 'ECDSA' || alg.name === 'ECDH'
        ? 'EC'
        : 'other';
  return {
    der,
    certHash: certHashOf(der),
    sha1Hex,
    sha256Hex: createHash('sha256').update(der).digest('hex').toUpperCase(),
    subject: cert.subject,
    issuer: cert.issuer,
    subjectCN: firstCN(cert.subjectName),
    issuerCN: firstCN(cert.issuerName),
    sanDns,
    sanIp,
    serialNumber: cert.serialNumber.toUpperCase(),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    selfSigned: cert.subject === cert.issuer,
    isCa: bc?.ca ?? false,
    keyType,
    keySize: keyType === 'RSA' ? alg.modulusLength : undefined,
    curve: keyType === 'EC' ? alg.namedCurve : undefined,
    signatureHash: (sigAlg.hash?.name ?? sigAlg.name).replace('-', '').toLowerCase(),
  };
}

function firstCN(name: X509.Name): string | undefined {
  return name.getField('CN')[0];
}

/** Whole days from `now` until the certificate expires (negative when expired). */
export function daysLeft(cert: Pick<CertInfo, 'notAfter'>, now: Date): number {
  return Math.floor((cert.notAfter.getTime() - now.getTime()) / 86_400_000);
}

/**
 * The phone's host ID check: the URL host must equal the certificate CN or a SAN entry.
 * Wildcards do not count (a `*.example.com` certificate fails), comparison ignores case.
 */
export function hostMatchesCertificate(
  host: string,
  cert: Pick<CertInfo, 'subjectCN' | 'sanDns' | 'sanIp'>,
): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (cert.sanIp.some((ip) => ip.toLowerCase() === h)) return true;
  const names = [cert.subjectCN, ...cert.sanDns].filter((n): n is string => n !== undefined);
  return names.some((n) => !n.includes('*') && n.toLowerCase() === h);
}

/** PEM text of a DER certificate. */
export function toPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
