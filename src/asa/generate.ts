// Writes the ASA CLI for a deployment: identity and phone CA trustpoints, pool, group policy, webvpn, tunnel group, ssl.
import { micTrustpoints, modelOfPhone, type TlsVersion } from '../model/catalogue.js';
import { primaryHeadend } from '../model/headends.js';
import { presentedIdentity } from '../model/identity.js';
import type { LoadedDeployment } from '../model/load.js';
import type { Deployment, Headend } from '../model/schema.js';
import { toPem } from '../pki/cert.js';

/** Non-EC suites the seed's EC section puts in `ssl cipher ... custom` (CSCuu02848), duplicates removed. */
export const PHONE_SAFE_CIPHERS = [
  'AES256-SHA',
  'AES128-SHA',
  'AES256-GCM-SHA384',
  'AES256-SHA256',
  'AES128-GCM-SHA256',
  'AES128-SHA256',
];

const KNOWN_CA_TRUSTPOINTS: Record<string, string> = {
  Cisco_Root_CA_2048: 'MIC SHA-1 chain (root)',
  Cisco_Manufacturing_CA: 'MIC SHA-1 chain (intermediate)',
  Cisco_Root_CA_M2: 'MIC SHA-256 chain (root)',
  Cisco_Manufacturing_CA_SHA2: 'MIC SHA-256 chain (intermediate)',
  CAPF: 'LSC phones: CUCM publisher CAPF certificate',
};

export interface PhoneCaTrustpoint {
  name: string;
  /** The certificate file named in the deployment, if any. */
  certificate: string | undefined;
  why: string;
}

/**
 * The trustpoints the headend needs to validate the phones' certificates: as listed in the deployment,
 * or derived from the phones (MIC chain per model family, CAPF for LSC phones).
 */
export function phoneCaTrustpointsFor(d: Deployment, h: Headend = primaryHeadend(d)): PhoneCaTrustpoint[] {
  if (h.tunnelGroup.authentication !== 'certificate') return [];
  if (h.phoneCaTrustpoints) {
    return h.phoneCaTrustpoints.map((t) => ({
      name: t.name,
      certificate: t.certificate,
      why: KNOWN_CA_TRUSTPOINTS[t.name] ?? 'CA of the phone certificates (listed in the deployment)',
    }));
  }
  const out: PhoneCaTrustpoint[] = [];
  const add = (name: string, certificate: string | undefined, why: string) => {
    if (!out.some((t) => t.name === name)) out.push({ name, certificate, why });
  };
  for (const p of d.phones) {
    if (p.certificate === 'LSC') {
      add('CAPF', d.cucm.capfCertificate, 'LSC phones: CUCM publisher CAPF certificate');
      continue;
    }
    const m = modelOfPhone(p);
    if (!m) continue;
    const chain = m.micChain.value;
    const [root, sub] = micTrustpoints(chain);
    const why = `MIC ${chain === 'sha1' ? 'SHA-1' : 'SHA-256'} chain for ${m.series} series`;
    add(root, undefined, `${why} (root)`);
    add(sub, undefined, `${why} (intermediate)`);
  }
  return out;
}

/** ASA `ssl cipher` keywords for the TLS versions the listed phones use, plus dtlsv1. */
export function cipherVersionsFor(d: Deployment): string[] {
  const used = new Set<TlsVersion>();
  for (const p of d.phones) for (const v of modelOfPhone(p)?.tlsVersions.value ?? []) used.add(v);
  if (used.size === 0) used.add('TLSv1');
  // The seed sets every TLS version up to the highest the phones use, then DTLS.
  const versions = ['tlsv1', 'tlsv1.1', 'tlsv1.2'];
  const highest = used.has('TLSv1.2') ? 3 : used.has('TLSv1.1') ? 2 : 1;
  return [...versions.slice(0, highest), 'dtlsv1'];
}

/** The shell command that writes the PKCS#12 import for an existing certificate (key and pass phrase stay in FILE). */
export function pkcs12Command(tp: string, certFile: string, keyFile: string | undefined): string {
  return `vpnphone cert pkcs12 --cert ${certFile} --key ${keyFile ?? 'KEY.pem'} --trustpoint ${tp} --out FILE`;
}

/**
 * The identity part. An existing certificate is never enrolled over: `crypto ca enroll` would replace the
 * certificate whose certHash the phones carry (the technote's outage). A self-enrolled one is followed by
 * the export the phones need before they can trust it.
 */
function identityLines(loaded: LoadedDeployment, h: Headend): string[] {
  const tp = h.identity.trustpoint;
  const I = '    ';
  const presented = presentedIdentity(loaded, h);
  if (presented?.kind === 'existing') {
    const c = presented.cert;
    return [
      `! Identity certificate presented to the phones: the existing one in trustpoint ${tp}`,
      `! (${presented.file}, ${c.subjectCN ? `CN=${c.subjectCN}, ` : ''}certHash ${c.certHash}, valid until ${c.notAfter.toISOString().slice(0, 10)}).`,
      '! The phone configurations carry its certHash; nothing here enrolls, so a working certificate stays.',
      `! If ${tp} does not hold it yet, import it with its key: paste the file written by`,
      `!   ${pkcs12Command(tp, presented.file, h.identity.key)}`,
      `! (crypto ca import ${tp} pkcs12 <pass phrase>, the base64 bundle, quit; keep FILE secret, delete it after).`,
      `crypto ca trustpoint ${tp}`,
      `${I}subject-name ${h.identity.subject}`,
    ];
  }
  return [
    '! Identity certificate presented to the phones: a NEW self-signed one (enroll: self, as in the technote).',
    '! The phones cannot trust it until it is exported, uploaded to CUCM as Phone-VPN-trust, added to the',
    '! VPN gateway, and the phones are reset inside the network to download the new certHash.',
    `crypto ca trustpoint ${tp}`,
    `${I}enrollment self`,
    `${I}subject-name ${h.identity.subject}`,
    `crypto ca enroll ${tp} noconfirm`,
    `! Then export it for CUCM and paste the output into \`vpnphone cert from-asa\` for its certHash:`,
    `!   ${selfEnrollExportCommand(tp)}`,
  ];
}

export function selfEnrollExportCommand(tp: string): string {
  return `crypto ca export ${tp} identity-certificate`;
}

/** The ASA CLI of one headend (`hostname` first when the deployment lists several, so captures tell them apart). */
export function generateAsaConfig(
  loaded: LoadedDeployment,
  h: Headend = primaryHeadend(loaded.deployment),
): string {
  const d = loaded.deployment;
  const tg = h.tunnelGroup;
  const I = '    ';
  const out: string[] = [];
  out.push(
    `! vpnphone: ASA configuration for VPN phones${d.name ? ` (${d.name})` : ''}${d.headends.length > 1 ? `, headend ${h.name}` : ''}`,
  );
  if (d.headends.length > 1 && h.hostname) out.push(`hostname ${h.hostname}`);
  out.push(...identityLines(loaded, h), '');

  const cas = phoneCaTrustpointsFor(d, h);
  if (cas.length > 0) out.push("! Trust for the phones' certificates");
  for (const t of cas) {
    out.push(`! ${t.why}`);
    out.push(`crypto ca trustpoint ${t.name}`, `${I}enrollment terminal`);
    out.push(`crypto ca authenticate ${t.name}`);
    const certs = t.certificate ? loaded.certs.get(t.certificate) : undefined;
    const first = certs?.[0];
    if (first) out.push(...toPem(first.der).trimEnd().split('\n'));
    else out.push(`! paste the ${t.name} certificate (base64) here`);
    out.push('quit', '');
  }

  for (const p of h.pools) {
    if (p.name === tg.addressPool)
      out.push(`ip local pool ${p.name} ${p.first}-${p.last} mask ${p.mask}`, '');
  }
  const gp = h.groupPolicies.find((g) => g.name === tg.groupPolicy);
  out.push(`group-policy ${tg.groupPolicy} internal`, `group-policy ${tg.groupPolicy} attributes`);
  out.push(`${I}split-tunnel-policy tunnelall`, `${I}vpn-tunnel-protocol ssl-client`);
  if (gp && !gp.dtls) out.push(`${I}webvpn`, `${I}${I}anyconnect ssl dtls none`);
  out.push('');
  out.push('webvpn', `${I}enable ${h.outside}`, `${I}anyconnect enable`, '');
  out.push(`tunnel-group ${tg.name} type remote-access`, `tunnel-group ${tg.name} general-attributes`);
  out.push(`${I}address-pool ${tg.addressPool}`, `${I}default-group-policy ${tg.groupPolicy}`, '');
  out.push(`tunnel-group ${tg.name} webvpn-attributes`);
  out.push(`${I}authentication ${tg.authentication}`, `${I}group-url ${tg.groupUrl} enable`, '');
  out.push(`ssl trust-point ${h.identity.trustpoint} ${h.outside}`);
  if (h.ciphers === 'phone-safe') {
    out.push(
      '',
      '! No elliptic-curve suites: the ASA (>= 9.4) would pick one and present a temporary EC certificate',
    );
    for (const v of cipherVersionsFor(d))
      out.push(`ssl cipher ${v} custom "${PHONE_SAFE_CIPHERS.join(':')}"`);
  }
  return `${out.join('\n')}\n`;
}
