// What `vpnphone cert` does; loaded by ../commands/cert.ts only when a subcommand runs.
import { type CertInfo, daysLeft, readCertificates } from '../../pki/cert.js';
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
