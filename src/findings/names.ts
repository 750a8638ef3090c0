// The deployment's object names a finding's wording uses, resolved once per report (deployment, running configuration, or a placeholder).
import { type CipherSyntax, cipherSyntaxFor, sslEncryptionWords } from '../asa/ciphers.js';
import { cipherVersionsFor, PHONE_SAFE_CIPHERS, phoneCaTrustpointsFor } from '../asa/generate.js';
import { primaryHeadend } from '../model/headends.js';
import type { Deployment, Headend } from '../model/schema.js';

/**
 * What the wording may name. Every field is optional: a missing name is written as its placeholder
 * (`<phones group policy>`), so a fix still reads as a command to adapt.
 */
export interface ObjectNames {
  headend?: 'asa' | 'ocserv';
  tunnelGroup?: string;
  groupPolicy?: string;
  identityTrustpoint?: string;
  /** The nameif of the interface phones reach. */
  outside?: string;
  /** The address of that interface. */
  outsideAddress?: string;
  /** The phones' VPN URL (the ASA group-url). */
  vpnUrl?: string;
  /** CUCM VPN gateways. */
  gateways?: readonly string[];
  /** The phones' TFTP servers. */
  tftp?: readonly string[];
  /** Trustpoints for the phones' certificate chains (MIC or CAPF). */
  phoneCaTrustpoints?: readonly string[];
  /** The `ssl cipher` keywords for the TLS versions the phones use, plus dtlsv1. */
  cipherVersions?: readonly string[];
  /** The ASA's software version (`9.12(2)9`): which cipher commands its fixes are written in. */
  asaVersion?: string;
  vpnProfile?: { name: string; clientAuthentication: string };
  /**
   * Users `show vpn-sessiondb detail anyconnect` lists with a phone's client (`Cisco SVC IPPhone Client`, a
   * phone certificate's name) or another client's version: what a headend log line about them is called.
   */
  sessionClients?: { phones: readonly string[]; others: readonly string[] };
}

/** Everything a deployment file names. */
/** What the deployment names on the CUCM side, whichever headend is judged. */
export function namesOfCucm(d: Deployment): ObjectNames {
  return {
    gateways: d.cucm.vpnGateways.map((g) => g.name),
    tftp: [...new Set(d.phones.map((p) => p.tftp))],
    vpnProfile: {
      name: d.cucm.vpnProfile.name,
      clientAuthentication: d.cucm.vpnProfile.clientAuthentication,
    },
  };
}

/** Everything a deployment file names, for one of its headends (the primary, serving url1, by default). */
export function namesFromDeployment(d: Deployment, h: Headend = primaryHeadend(d)): ObjectNames {
  const outsideAddress = h.interfaces.find((i) => i.name === h.outside)?.address;
  return {
    headend: h.kind,
    tunnelGroup: h.tunnelGroup.name,
    groupPolicy: h.tunnelGroup.groupPolicy,
    identityTrustpoint: h.identity.trustpoint,
    outside: h.outside,
    ...(outsideAddress !== undefined ? { outsideAddress } : {}),
    vpnUrl: h.tunnelGroup.groupUrl,
    phoneCaTrustpoints: phoneCaTrustpointsFor(d, h).map((t) => t.name),
    cipherVersions: cipherVersionsFor(d),
    ...(h.kind === 'asa' && h.version !== undefined ? { asaVersion: h.version } : {}),
    ...namesOfCucm(d),
  };
}

// The placeholders, spelled once.
export const tunnelGroupOf = (n: ObjectNames): string => n.tunnelGroup ?? '<phones tunnel group>';
export const groupPolicyOf = (n: ObjectNames): string => n.groupPolicy ?? '<phones group policy>';
export const identityTrustpointOf = (n: ObjectNames): string =>
  n.identityTrustpoint ?? '<identity trustpoint>';
export const outsideOf = (n: ObjectNames): string => n.outside ?? 'outside';
export const gatewaysOf = (n: ObjectNames): string =>
  n.gateways && n.gateways.length > 0 ? n.gateways.join(', ') : '<VPN gateway>';
export const isOcserv = (n: ObjectNames): boolean => n.headend === 'ocserv';

const SAFE = PHONE_SAFE_CIPHERS.join(':');

/** `ssl cipher` lines without EC suites for the versions the phones use (and dtlsv1); ocserv's equivalent. */
export function sslCipherLines(n: ObjectNames, onlyDtls = false): string {
  if (isOcserv(n))
    return 'in ocserv.conf: tls-priorities = "NORMAL:%SERVER_PRECEDENCE:%COMPAT:-VERS-SSL3.0:-ECDHE-RSA:-ECDHE-ECDSA" (no EC key exchange), then restart ocserv';
  const versions = onlyDtls ? ['dtlsv1'] : (n.cipherVersions ?? ['tlsv1', 'tlsv1.1', 'tlsv1.2', 'dtlsv1']);
  return versions.map((v) => `ssl cipher ${v} custom "${SAFE}"`).join('\n');
}

/**
 * A cipher fix in the syntax of the ASA's software: `ssl cipher` lines from 9.3, `ssl encryption` (one list
 * for every version) before; both when the version is unknown. `ciphers`: the list the fix sets.
 */
export function cipherFix(
  syntax: CipherSyntax | undefined,
  sslCipherLines: string,
  ciphers: readonly string[],
): string {
  const legacy = `ssl encryption ${sslEncryptionWords(ciphers).join(' ') || 'aes256-sha1 aes128-sha1'}`;
  switch (syntax) {
    case 'encryption':
      return `${legacy}\n(ASA before 9.3: one list for every TLS version and DTLS)`;
    case 'both':
      return `ASA 9.3 or later:\n${sslCipherLines}\nASA 8.x to 9.2 (\`ssl encryption\`, one list for every version):\n${legacy}`;
    default:
      return sslCipherLines;
  }
}

/** The phone-safe cipher commands a log finding's fix gives (sslCipherLines), in the syntax of the ASA's version. */
export function phoneCipherFix(n: ObjectNames, onlyDtls = false): string {
  const lines = sslCipherLines(n, onlyDtls);
  return isOcserv(n) ? lines : cipherFix(cipherSyntaxFor(n.asaVersion), lines, PHONE_SAFE_CIPHERS);
}
