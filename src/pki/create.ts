// Creates certificates for labs and tests: an ASA-style self-signed identity, a test CA, phone certificates.
import { randomBytes, webcrypto } from 'node:crypto';
import { toPem } from './cert.js';
import { x509 as loadX509, type X509 } from './x509.js';

// Made certificates are only ever wanted by the commands and tests that import this module.
const x509 = loadX509();

export type KeySpec = { type: 'RSA'; bits?: number } | { type: 'EC'; curve?: 'P-256' | 'P-384' };
export type HashName = 'SHA-1' | 'SHA-256' | 'SHA-384';

export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
  der: Uint8Array;
  /** Kept for signing further certificates; never printed. */
  keys: CryptoKeyPair;
  cert: X509.X509Certificate;
}

export interface CertOptions {
  /** Distinguished name, e.g. `CN=asav.sckiewer.lab`. */
  subject: string;
  key?: KeySpec;
  hash?: HashName;
  days?: number;
  notBefore?: Date;
  sanDns?: string[];
  sanIp?: string[];
  serialNumber?: string;
}

function algorithmFor(key: KeySpec, hash: HashName): RsaHashedKeyGenParams | EcKeyGenParams {
  if (key.type === 'RSA') {
    return {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: key.bits ?? 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash,
    };
  }
  return { name: 'ECDSA', namedCurve: key.curve ?? 'P-256' };
}

function signingAlgorithm(key: KeySpec, hash: HashName): Algorithm | EcdsaParams {
  return key.type === 'RSA' ? { name: 'RSASSA-PKCS1-v1_5', hash } : { name: 'ECDSA', hash };
}

async function newKeys(key: KeySpec, hash: HashName): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(algorithmFor(key, hash), true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
}

async function finish(cert: X509.X509Certificate, keys: CryptoKeyPair): Promise<IssuedCertificate> {
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const der = new Uint8Array(cert.rawData);
  return { certPem: toPem(der), keyPem: toPem(new Uint8Array(pkcs8), 'PRIVATE KEY'), der, keys, cert };
}

function validity(o: CertOptions): { notBefore: Date; notAfter: Date } {
  const notBefore = o.notBefore ?? new Date(Date.now() - 3600_000);
  const notAfter = new Date(notBefore.getTime() + (o.days ?? 3650) * 86_400_000);
  return { notBefore, notAfter };
}

function serial(o: CertOptions): string {
  if (o.serialNumber) return o.serialNumber;
  const b = randomBytes(8);
  b[0] = (b[0] ?? 0) & 0x7f || 1;
  return b.toString('hex');
}

function sanExtension(o: CertOptions): X509.Extension[] {
  const names = [
    ...(o.sanDns ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(o.sanIp ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  return names.length > 0 ? [new x509.SubjectAlternativeNameExtension(names)] : [];
}

/** Basic constraints and key usage of an end-entity certificate (headend identity or phone). */
function leafExtensions(): X509.Extension[] {
  return [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(
      x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
      true,
    ),
  ];
}

/** A new key pair and a certificate it signs itself, with the extensions `extensions` gives for that key. */
async function createSelfSigned(
  o: CertOptions,
  extensions: (keys: CryptoKeyPair) => Promise<X509.Extension[]>,
): Promise<IssuedCertificate> {
  const key = o.key ?? { type: 'RSA' };
  const hash = o.hash ?? 'SHA-256';
  const keys = await newKeys(key, hash);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(o),
    name: o.subject,
    ...validity(o),
    keys,
    signingAlgorithm: signingAlgorithm(key, hash),
    extensions: await extensions(keys),
  });
  return finish(cert, keys);
}

/**
 * A self-signed identity certificate as the ASA's `crypto ca enroll` makes it for `enrollment self`:
 * RSA key, the trustpoint's subject-name, server authentication.
 */
export function createSelfSignedIdentity(o: CertOptions): Promise<IssuedCertificate> {
  return createSelfSigned(o, async () => [
    ...leafExtensions(),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    ...sanExtension(o),
  ]);
}

/** A certificate authority for tests (stands in for a MIC chain or CUCM's CAPF). */
export function createTestCa(o: CertOptions): Promise<IssuedCertificate> {
  return createSelfSigned(o, async (keys) => [
    new x509.BasicConstraintsExtension(true, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ]);
}

export interface IssueOptions extends CertOptions {
  usage: 'server' | 'client';
}

/** A certificate signed by `ca`: a headend certificate (server) or a phone certificate (client). */
export async function issueCertificate(ca: IssuedCertificate, o: IssueOptions): Promise<IssuedCertificate> {
  const key = o.key ?? { type: 'RSA' };
  const hash = o.hash ?? 'SHA-256';
  const keys = await newKeys(key, hash);
  const caKeyType: KeySpec = ca.cert.publicKey.algorithm.name === 'ECDSA' ? { type: 'EC' } : { type: 'RSA' };
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(o),
    subject: o.subject,
    issuer: ca.cert.subject,
    ...validity(o),
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: signingAlgorithm(caKeyType, hash),
    extensions: [
      ...leafExtensions(),
      new x509.ExtendedKeyUsageExtension([
        o.usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth,
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
      ...sanExtension(o),
    ],
  });
  return finish(cert, keys);
}

/** The subject a phone's MIC or LSC carries: `CN=CP-<model>-SEP<MAC>`. */
export function phoneCertificateSubject(model: string, mac: string): string {
  return `CN=CP-${model}-SEP${mac.toUpperCase()}`;
}

/** Rebuilds a CA (certificate and private key, PEM) read from files, to sign more certificates. */
export async function loadIssuer(certPem: string, keyPem: string): Promise<IssuedCertificate> {
  const cert = new x509.X509Certificate(certPem);
  const alg = cert.publicKey.algorithm as { name: string; namedCurve?: string };
  const importAlg: RsaHashedImportParams | EcKeyImportParams =
    alg.name === 'ECDSA'
      ? { name: 'ECDSA', namedCurve: alg.namedCurve ?? 'P-256' }
      : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const m = /-----BEGIN PRIVATE KEY-----([\s\S]*?)-----END PRIVATE KEY-----/.exec(keyPem);
  if (!m) throw new Error('the key file holds no PKCS#8 "BEGIN PRIVATE KEY" block');
  const pkcs8 = Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64');
  const privateKey = await webcrypto.subtle.importKey('pkcs8', pkcs8, importAlg, true, ['sign']);
  const publicKey = await cert.publicKey.export(importAlg, ['verify']);
  const der = new Uint8Array(cert.rawData);
  return { certPem: toPem(der), keyPem, der, keys: { privateKey, publicKey }, cert };
}
