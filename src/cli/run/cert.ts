// What `vpnphone cert` does; loaded by ../commands/cert.ts only when a subcommand runs.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asaPkcs12Import, certificateFromAsaExport } from '../../pki/asa-import.js';
import { type CertInfo, daysLeft, readCertificates, toPem } from '../../pki/cert.js';
import {
  createSelfSignedIdentity,
  createTestCa,
  type IssuedCertificate,
  issueCertificate,
  type KeySpec,
  loadIssuer,
  phoneCertificateSubject,
} from '../../pki/create.js';
import { UsageError } from '../errors.js';
import { macOption, readBytes, readText, writeFile } from '../files.js';

function certJson(c: CertInfo, now: Date) {
  return {
    subject: c.subject,
    issuer: c.issuer,
    subjectCN: c.subjectCN ?? null,
    sanDns: c.sanDns,
    sanIp: c.sanIp,
    serialNumber: c.serialNumber,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    daysLeft: daysLeft(c, now),
    selfSigned: c.selfSigned,
    ca: c.isCa,
    keyType: c.keyType,
    keySize: c.keySize ?? null,
    curve: c.curve ?? null,
    signatureHash: c.signatureHash,
    certHash: c.certHash,
    sha1: c.sha1Hex,
    sha256: c.sha256Hex,
  };
}

function certText(c: CertInfo, now: Date): string {
  const key = c.keyType === 'RSA' ? `RSA ${c.keySize}` : c.keyType === 'EC' ? `EC ${c.curve}` : c.keyType;
  const left = daysLeft(c, now);
  return [
    `  subject      ${c.subject}`,
    `  issuer       ${c.issuer}${c.selfSigned ? ' (self-signed)' : ''}`,
    `  SAN          ${[...c.sanDns, ...c.sanIp].join(', ') || '(none)'}`,
    `  serial       ${c.serialNumber}`,
    `  valid        ${c.notBefore.toISOString()} .. ${c.notAfter.toISOString()} (${left < 0 ? `EXPIRED ${-left} days ago` : `${left} days left`})`,
    `  key          ${key}, signature ${c.signatureHash}${c.isCa ? ', CA' : ''}`,
    `  certHash     ${c.certHash}   (phone configuration, SHA-1 base64)`,
    `  SHA-1        ${c.sha1Hex}`,
    `  SHA-256      ${c.sha256Hex}`,
  ].join('\n');
}

function keySpec(type: string): KeySpec {
  if (type === 'rsa') return { type: 'RSA' };
  if (type === 'ec') return { type: 'EC' };
  throw new UsageError(`--key-type ${type}: expected rsa or ec`);
}

export interface CreateOpts {
  outCert: string;
  outKey: string;
  days: string;
  keyType: string;
}

function days(s: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1 || n > 36500) throw new UsageError(`--days ${s}: expected 1..36500`);
  return n;
}

function save(c: IssuedCertificate, o: CreateOpts): void {
  writeFile(o.outCert, c.certPem);
  writeFile(o.outKey, c.keyPem, 0o600);
  const info = readCertificates(c.certPem)[0];
  process.stdout.write(`wrote ${o.outCert} (certHash ${info?.certHash}) and ${o.outKey}\n`);
}

export function certShow(files: string[], o: { json?: boolean; now?: string }): number {
  const now = o.now ? new Date(o.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now ${o.now}: not a date`);
  const all: { file: string; certificates: ReturnType<typeof certJson>[] }[] = [];
  const text: string[] = [];
  for (const f of files) {
    let certs: CertInfo[];
    try {
      certs = readCertificates(readBytes(f));
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`${f}: ${(e as Error).message}`);
    }
    all.push({ file: f, certificates: certs.map((c) => certJson(c, now)) });
    certs.forEach((c, i) => {
      text.push(`${f}${certs.length > 1 ? ` [${i + 1}/${certs.length}]` : ''}`, certText(c, now), '');
    });
  }
  process.stdout.write(o.json ? `${JSON.stringify(all, null, 2)}\n` : text.join('\n'));
  return 0;
}

export async function createIdentity(
  o: CreateOpts & { subject: string; sanDns?: string[]; sanIp?: string[] },
): Promise<number> {
  save(
    await createSelfSignedIdentity({
      subject: o.subject,
      days: days(o.days),
      key: keySpec(o.keyType),
      sanDns: o.sanDns ?? [],
      sanIp: o.sanIp ?? [],
    }),
    o,
  );
  return 0;
}

export async function createCa(o: CreateOpts & { subject: string }): Promise<number> {
  save(await createTestCa({ subject: o.subject, days: days(o.days), key: keySpec(o.keyType) }), o);
  return 0;
}

export async function createPhone(
  o: CreateOpts & { caCert: string; caKey: string; model: string; mac: string },
): Promise<number> {
  const mac = macOption(o.mac);
  let ca: IssuedCertificate;
  try {
    ca = await loadIssuer(readText(o.caCert), readText(o.caKey));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot use ${o.caCert} / ${o.caKey} as a CA: ${(e as Error).message}`);
  }
  const issued = await issueCertificate(ca, {
    subject: phoneCertificateSubject(o.model, mac),
    usage: 'client',
    days: days(o.days),
    key: keySpec(o.keyType),
  });
  save(issued, o);
  return 0;
}

/** Reads the pasted `crypto ca export ... identity-certificate` output (a file, or standard input). */
export function certFromAsa(file: string | undefined, o: { outCert?: string; json?: boolean }): number {
  const source = file === undefined || file === '-' ? 'standard input' : file;
  const text = file === undefined || file === '-' ? readStdin() : readText(file);
  let c: CertInfo;
  try {
    c = certificateFromAsaExport(text);
  } catch (e) {
    throw new UsageError(
      `${source}: ${(e as Error).message} (expected the output of crypto ca export TP identity-certificate)`,
    );
  }
  if (o.outCert !== undefined) writeFile(o.outCert, toPem(c.der));
  const now = new Date();
  if (o.json) process.stdout.write(`${JSON.stringify({ source, certificate: certJson(c, now) }, null, 2)}\n`);
  else
    process.stdout.write(
      `${source}\n${certText(c, now)}\n${o.outCert ? `wrote ${o.outCert}: upload it to CUCM as Phone-VPN-trust and add it to the VPN gateway\n` : ''}`,
    );
  return 0;
}

function readStdin(): string {
  try {
    return readFileSync(0, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read standard input: ${(e as Error).message}`);
  }
}

/**
 * Writes the ASA PKCS#12 import of a certificate and its key to `out` (mode 0600). The pass phrase is made
 * here and goes only into that file; openssl gets it through its environment, never its command line.
 */
export function certPkcs12(o: { cert: string; key: string; trustpoint: string; out: string }): number {
  let info: CertInfo;
  try {
    const certs = readCertificates(readBytes(o.cert));
    info = certs[0] as CertInfo;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${o.cert}: ${(e as Error).message}`);
  }
  readBytes(o.key, 'key file');
  const passphrase = randomBytes(24).toString('base64url');
  const dir = mkdtempSync(join(tmpdir(), 'vpnphone-p12-'));
  let p12: Buffer;
  try {
    const certPem = join(dir, 'cert.pem');
    writeFileSync(certPem, toPem(info.der));
    const p12File = join(dir, 'bundle.p12');
    // 3DES and a SHA-1 MAC: what every ASA release imports (OpenSSL 3's default AES bundles need 9.x later releases).
    execFileSync(
      'openssl',
      [
        'pkcs12',
        '-export',
        '-in',
        certPem,
        '-inkey',
        o.key,
        '-out',
        p12File,
        '-passout',
        'env:VPNPHONE_P12_PASS',
        '-certpbe',
        'PBE-SHA1-3DES',
        '-keypbe',
        'PBE-SHA1-3DES',
        '-macalg',
        'sha1',
      ],
      { env: { ...process.env, VPNPHONE_P12_PASS: passphrase }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    p12 = readFileSync(p12File);
  } catch (e) {
    const err = e as { code?: string; stderr?: Buffer };
    if (err.code === 'ENOENT')
      throw new UsageError('openssl is needed to make the PKCS#12 bundle and was not found');
    const why =
      err.stderr
        ?.toString('utf8')
        .split('\n')
        .find((l) => l.trim() !== '') ?? (e as Error).message;
    throw new UsageError(`cannot make a PKCS#12 bundle of ${o.cert} and ${o.key}: ${why}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  writeFile(o.out, asaPkcs12Import(o.trustpoint, passphrase, p12), 0o600);
  try {
    chmodSync(o.out, 0o600);
  } catch {
    // writeFile succeeded, so the file exists; a file system without modes keeps what it has.
  }
  process.stdout.write(
    `wrote ${o.out} (secret: key and pass phrase inside): paste it on the ASA to import ${o.cert} (certHash ${info.certHash}) into trustpoint ${o.trustpoint}, then delete it\n`,
  );
  return 0;
}
