// The configuration findings of RULES.md (first table): each id's data and its wording.
import type { CipherSyntax } from '../../asa/ciphers.js';
import { PHONE_SAFE_CIPHERS } from '../../asa/generate.js';
import { entry, I, list } from '../entry.js';
import { cipherFix, identityTrustpointOf, type ObjectNames, tunnelGroupOf } from '../names.js';

/** A name used but never defined, where it is used (the fix goes there), and the defined name it probably meant. */
export type UndefinedReference =
  | { use: 'tunnel-group-pool'; tunnelGroup: string; name: string; defined: string[]; guess?: string }
  | { use: 'tunnel-group-policy'; tunnelGroup: string; name: string; defined: string[]; guess?: string }
  | { use: 'group-policy-pool'; groupPolicy: string; name: string; defined: string[]; guess?: string }
  | { use: 'ssl-trustpoint'; iface?: string; name: string; defined: string[]; guess?: string }
  | { use: 'ssl-trustpoint-interface'; trustpoint: string; name: string; defined: string[]; guess?: string }
  | { use: 'webvpn-enable'; name: string; defined: string[]; guess?: string }
  | { use: 'tunnel-group-type'; tunnelGroup: string }
  | { use: 'group-policy-internal'; groupPolicy: string };

const REFERENCE_WHAT = {
  'tunnel-group-pool': 'address pool',
  'tunnel-group-policy': 'group policy',
  'group-policy-pool': 'address pool',
  'ssl-trustpoint': 'trustpoint',
  'ssl-trustpoint-interface': 'interface',
  'webvpn-enable': 'interface',
} as const;

function undefinedReferenceFix(d: UndefinedReference): string {
  // The name probably meant, else a placeholder to fill (the variants without a name have no `guess`).
  const guess = ('guess' in d ? d.guess : undefined) ?? '<defined name>';
  switch (d.use) {
    case 'tunnel-group-pool':
      return `tunnel-group ${d.tunnelGroup} general-attributes\n${I}address-pool ${guess}\n(or define it: ip local pool ${d.name} <first>-<last> mask <mask>)`;
    case 'tunnel-group-policy':
      return `tunnel-group ${d.tunnelGroup} general-attributes\n${I}default-group-policy ${guess}\n(or define it: group-policy ${d.name} internal)`;
    case 'group-policy-pool':
      return `group-policy ${d.groupPolicy} attributes\n${I}address-pools value ${guess}`;
    case 'ssl-trustpoint':
      return `ssl trust-point ${guess}${d.iface ? ` ${d.iface}` : ''}\n(or create it: crypto ca trustpoint ${d.name} / enrollment self / subject-name CN=<host>, then crypto ca enroll ${d.name})`;
    case 'ssl-trustpoint-interface':
      return `ssl trust-point ${d.trustpoint} ${guess}`;
    case 'webvpn-enable':
      return `webvpn\n${I}no enable ${d.name}\n${I}enable ${guess}`;
    case 'tunnel-group-type':
      return `tunnel-group ${d.tunnelGroup} type remote-access`;
    case 'group-policy-internal':
      return `group-policy ${d.groupPolicy} internal`;
  }
}

function undefinedReferenceMessage(d: UndefinedReference): string {
  switch (d.use) {
    case 'tunnel-group-type':
      return `tunnel group "${d.tunnelGroup}" has attributes but no \`tunnel-group ${d.tunnelGroup} type remote-access\`.`;
    case 'group-policy-internal':
      return `group policy "${d.groupPolicy}" has attributes but is never defined with \`group-policy ${d.groupPolicy} internal\`.`;
    default:
      return `${REFERENCE_WHAT[d.use]} "${d.name}" is used but never defined (defined: ${list(d.defined)}).${d.guess ? ` Did you mean "${d.guess}"?` : ''}`;
  }
}

export type GroupUrlMismatch =
  /** The URL is a group-url of a tunnel group, but not enabled. */
  | { kind: 'disabled'; url: string; tunnelGroup: string }
  /** The URL differs from the nearest enabled group-url; `side` says where the phones' URL is set. */
  | {
      kind: 'near';
      url: string;
      near: string;
      differ: string;
      tunnelGroup: string;
      side: 'cucm' | 'deployment';
    }
  | { kind: 'none'; url: string };

export type GatewayCertNotTrusted =
  | { via: 'axl'; cn: string; serial: string; origin: string; gateway: string; serials: string[] }
  | {
      via: 'hash';
      cn: string;
      serial: string;
      certHash: string;
      origin: string;
      where: string;
      hashes: string[];
      trustpoint?: string;
      /** With several headends: the one judged, and the CUCM VPN gateways whose URL it serves. */
      headend?: string;
      gateways?: string[];
      /** With several headends and no gateway names known: the phones' URLs it serves (`url2 https://…`). */
      urls?: string[];
    }
  | {
      /** `renew status`: the certificate a live headend presents, against the phones' configuration. */
      via: 'renewal';
      subject: string;
      certHash: string;
      /** The URL that presented it. */
      origin: string;
      where: string;
      hashes: string[];
      /** Whether the old certificate is still valid (switching back helps); unknown without --old-cert. */
      oldValid?: boolean;
      /** The trustpoint the headend presented before (from the deployment), for `ssl trust-point`. */
      oldTrustpoint?: string;
      outside: string;
    };

/** What the renewal procedure names: the next trustpoint, its subject, the phones' interface. */
export interface CertExpiry {
  name: string;
  origin: string;
  /** YYYY-MM-DD. */
  date: string;
  days: number;
  threshold: number;
  nextTrustpoint: string;
  subject: string;
  outside: string;
  /** The day the renewal should begin (YYYY-MM-DD), `leadDays` before expiry. */
  renewBy: string;
  leadDays: number;
}

/** When the renewal should begin, or that it should have begun already. */
function start(d: CertExpiry): string {
  const why = `a ${d.leadDays}-day lead to bring every phone inside for the new hash`;
  return d.days <= d.leadDays
    ? ` The renewal should have begun by ${d.renewBy} (${why}): begin it now.`
    : ` Begin the renewal by ${d.renewBy} (${why}).`;
}

/** The two ways out of the renewal outage: switch back, or get the presented certificate to the phones. */
function renewalOutageFix(d: Extract<GatewayCertNotTrusted, { via: 'renewal' }>): string {
  const back =
    d.oldValid === false
      ? 'The old certificate is no longer valid, so switching back does not help.'
      : `Switch the headend back to the old certificate while it is still valid: ssl trust-point ${d.oldTrustpoint ?? '<old-trustpoint>'} ${d.outside} (ocserv: server-cert back to the old file).`;
  return `${back}\nOr put the presented certificate on CUCM (Phone-VPN-trust on every node, and the VPN gateway's certificates) and bring the phones inside to download the new configuration.`;
}

/** What an ASA's own expiry warning (717054 / 717055) says; the log does not give the renewal's names. */
export interface LoggedCertExpiry {
  via: 'asa-log';
  trustpoint: string;
  /** The type the ASA names (`ID`, `Identity`, ...). */
  certType: string;
  /** Days left (717054), absent once expired. */
  days?: number;
  /** As logged, e.g. `08:51:06 UTC Jan 30 2021`. */
  expiration?: string;
  subject?: string;
}

function loggedRenewal(d: LoggedCertExpiry, n: ObjectNames): string {
  const next = /-(\d+)$/.test(d.trustpoint)
    ? d.trustpoint.replace(/-(\d+)$/, (_m, n: string) => `-${Number(n) + 1}`)
    : `${d.trustpoint}-2`;
  return renewal({
    nextTrustpoint: next,
    subject: d.subject ?? 'CN=<host>',
    outside: n.outside ?? '<interface phones reach>',
  });
}

/**
 * What a logged trustpoint certificate means for the phones: they check the one `ssl trust-point` presents
 * on the interface they reach. Known from the running configuration read alongside; else said as a condition.
 */
function loggedImpact(d: LoggedCertExpiry, n: ObjectNames, effect: string): string {
  const presented = n.identityTrustpoint;
  if (presented === undefined)
    return `If ${d.trustpoint} is the trustpoint \`ssl trust-point\` presents to the phones (\`show running-config ssl\`), ${effect}.`;
  if (presented === d.trustpoint) return `It is the certificate the phones are presented: ${effect}.`;
  return `The phones are presented ${presented}, not ${d.trustpoint}: this certificate does not stop them; renew it for what uses it (ASDM, another interface).`;
}

function loggedSubject(d: LoggedCertExpiry): string {
  return `The ASA logged that the ${d.certType} certificate of trustpoint ${d.trustpoint}${d.subject ? ` (${d.subject})` : ''}`;
}

function renewal(d: Pick<CertExpiry, 'nextTrustpoint' | 'subject' | 'outside'>): string {
  const next = d.nextTrustpoint;
  return [
    `crypto ca trustpoint ${next}`,
    ' enrollment self',
    ` subject-name ${d.subject}`,
    `crypto ca enroll ${next} noconfirm`,
    `crypto ca export ${next} identity-certificate`,
    'CUCM: upload it as Phone-VPN-trust; add it to the VPN gateway; reset the phones while inside (they now hold both hashes)',
    `ssl trust-point ${next} ${d.outside}`,
    'Test one phone, then all; then remove the old certificate from CUCM.',
  ].join('\n');
}

export type DeploymentDrift =
  /** `apply`: the configuration lines that make the running configuration what the deployment says. */
  | { kind: 'lines'; what: string; expected: string; present: boolean; apply: string[] }
  | {
      kind: 'interface-address';
      what: string;
      expected: string;
      present: boolean;
      apply: string[];
      deploymentFile: string;
    }
  | {
      kind: 'identity-certificate';
      what: string;
      expected: string;
      present: boolean;
      trustpoint: string;
      file: string;
    }
  | { kind: 'version'; deploymentVersion: string; running: string; deploymentFile: string };

function driftMessage(d: { what: string; expected: string; present: boolean }): string {
  return `${d.what}: the deployment says ${d.expected}; the running configuration ${d.present ? 'has the line quoted' : 'has none'}.`;
}

const PROFILE_TEXT = {
  certificate: 'Certificate',
  'user-password': 'User and Password',
  'password-only': 'Password Only',
};

const FEATURE_REPORT =
  'Cisco Unified Reporting > Unified CM Phone Feature List: pick the model and look for "Virtual Private Network Client"';

export const CONFIG_ENTRIES = {
  'license-vpn-phone-disabled': entry<{ value: string }>(
    'config',
    'error',
    'AnyConnect for Cisco VPN Phone license is disabled',
    'Obtain and install a license that enables "AnyConnect for Cisco VPN Phone", then check `show version` again.',
    (d) => ({
      message: `The ASA reports "AnyConnect for Cisco VPN Phone : ${d.value}": phones cannot build a tunnel.`,
      fix:
        'Obtain a license that enables "AnyConnect for Cisco VPN Phone" (Cisco licensing team), install it, then check:\n' +
        'show version | include VPN Phone',
    }),
  ),
  'undefined-reference': entry<UndefinedReference>(
    'config',
    'error',
    'A name is used but never defined',
    'Define the missing object or correct the name where it is referenced.',
    (d) => ({ message: undefinedReferenceMessage(d), fix: undefinedReferenceFix(d) }),
  ),
  'group-policy-no-ssl-client': entry<{
    tunnelGroup: string;
    groupPolicy: string;
    inheritedFrom?: string;
    protocols: string[];
  }>(
    'config',
    'error',
    "The phones' group policy does not allow ssl-client",
    'Add `vpn-tunnel-protocol ssl-client` under the group policy attributes.',
    (d) => ({
      message: `Tunnel group "${d.tunnelGroup}" uses group policy "${d.groupPolicy}", whose vpn-tunnel-protocol${d.inheritedFrom !== undefined ? ` (inherited from ${d.inheritedFrom})` : ''} is "${d.protocols.join(' ')}" without ssl-client: AnyConnect phones are refused.`,
      fix: `group-policy ${d.groupPolicy} attributes\n${I}vpn-tunnel-protocol ${[...d.protocols, 'ssl-client'].join(' ')}`,
    }),
  ),
  'webvpn-not-enabled': entry<{ iface: string; why: string; enabledOn: string[] }>(
    'config',
    'error',
    'WebVPN is not enabled on the interface phones reach',
    'Under `webvpn`, add `enable <outside interface nameif>`.',
    (d) => ({
      message: `WebVPN is not enabled on "${d.iface}" (${d.why})${d.enabledOn.length ? `; it is enabled on ${d.enabledOn.join(', ')}` : ''}: phones get no answer on TCP 443.`,
      fix: `webvpn\n${I}enable ${d.iface}`,
    }),
  ),
  'anyconnect-not-enabled': entry<{ webvpnSection: boolean }>(
    'config',
    'error',
    'AnyConnect is not enabled',
    'Under `webvpn`, add `anyconnect enable`.',
    (d) => ({
      message: d.webvpnSection
        ? '`webvpn` has no `anyconnect enable`: the ASA refuses AnyConnect (and phone) tunnels.'
        : 'The configuration has no `webvpn` section: AnyConnect is not enabled.',
      fix: `webvpn\n${I}anyconnect enable`,
    }),
  ),
  'group-url-missing': entry<{ tunnelGroup?: string; url: string; fixUrl: string }>(
    'config',
    'error',
    "The phones' tunnel group has no enabled group-url",
    'Under `tunnel-group <name> webvpn-attributes`, add `group-url https://<host>/<path> enable`.',
    (d) =>
      d.tunnelGroup === undefined
        ? {
            message:
              'The configuration has no tunnel group for the phones (no `tunnel-group ... webvpn-attributes` with a group-url).',
            fix: `tunnel-group <name> type remote-access\ntunnel-group <name> webvpn-attributes\n${I}group-url ${d.fixUrl} enable`,
          }
        : {
            message: `Tunnel group "${d.tunnelGroup}" has no enabled group-url: phones connecting to ${d.url} land in the default tunnel group.`,
            fix: `tunnel-group ${d.tunnelGroup} webvpn-attributes\n${I}group-url ${d.fixUrl} enable`,
          },
  ),
  'group-url-mismatch': entry<GroupUrlMismatch>(
    'config',
    'error',
    'The phone VPN URL matches no enabled ASA group-url',
    'Make the CUCM VPN gateway URL and the ASA group-url the exact same text (scheme, host, path, trailing slash).',
    (d, n) => {
      switch (d.kind) {
        case 'disabled':
          return {
            message: `${d.url} is a group-url of tunnel group "${d.tunnelGroup}" but it is not enabled.`,
            fix: `tunnel-group ${d.tunnelGroup} webvpn-attributes\n${I}group-url ${d.url} enable`,
          };
        case 'near':
          return {
            message: `The phones use ${d.url} but the ASA's group-url is ${d.near} (they differ in: ${d.differ}). Phones would land in the wrong tunnel group.`,
            fix:
              d.side === 'cucm'
                ? `Either set the CUCM VPN gateway URL (Advanced Features > VPN > VPN Gateway) to exactly ${d.near} and reset the phones while inside, or on the ASA:\ntunnel-group ${d.tunnelGroup} webvpn-attributes\n${I}group-url ${d.url} enable`
                : `tunnel-group ${d.tunnelGroup} webvpn-attributes\n${I}group-url ${d.url} enable\n(or change the deployment's gateway URL to ${d.near})`,
          };
        case 'none':
          return {
            message: `The phones use ${d.url} but the ASA has no enabled group-url at all.`,
            fix: `tunnel-group ${tunnelGroupOf(n)} webvpn-attributes\n${I}group-url ${d.url} enable`,
          };
      }
    },
  ),
  'auth-method-mismatch': entry<
    | { both: true; tunnelGroup: string; asaText: string; method: string; phoneCert: boolean }
    | {
        both: false;
        tunnelGroup: string;
        asaText: string;
        method: keyof typeof PROFILE_TEXT;
        phoneCert: boolean;
        asaCertificate: boolean;
      }
  >(
    'config',
    'error',
    'Headend authentication disagrees with the VPN profile client authentication',
    'Use the same method on both sides: `authentication certificate` with authMethod 2, or `authentication aaa` with user/password.',
    (d) => {
      const asaFix = `tunnel-group ${d.tunnelGroup} webvpn-attributes\n${I}authentication ${d.phoneCert ? 'certificate' : 'aaa'}`;
      if (d.both)
        return {
          message: `Tunnel group "${d.tunnelGroup}" asks for both a certificate and a password (authentication ${d.asaText}); a phone sends one of them (${d.method}). Could not confirm that this works.`,
          fix: asaFix,
        };
      return {
        message: `Tunnel group "${d.tunnelGroup}" uses "authentication ${d.asaText}" but the phones' VPN profile uses ${PROFILE_TEXT[d.method]} authentication.`,
        fix: `Either on the ASA:\n${asaFix}\nor in CUCM (Advanced Features > VPN > VPN Profile > Client Authentication Method): ${d.asaCertificate ? 'Certificate' : 'User and Password'}, then reset the phones while inside.`,
      };
    },
  ),
  'ssl-trustpoint-missing': entry<{ iface: string; trustpoint?: string }>(
    'config',
    'error',
    'No ssl trust-point for the interface phones reach',
    'Add `ssl trust-point <identity trustpoint> <outside interface>`.',
    (d, n) => ({
      message: `No \`ssl trust-point\` for "${d.iface}": the ASA presents a temporary self-signed certificate whose hash no phone has.`,
      fix: `ssl trust-point ${d.trustpoint ?? identityTrustpointOf(n)} ${d.iface}`,
    }),
  ),
  'gateway-cert-not-trusted': entry<GatewayCertNotTrusted>(
    'config',
    'error',
    "The headend certificate's hash is not in the phone configuration",
    'Upload the headend certificate to CUCM as Phone-VPN-trust, add it to the VPN gateway, and reset the phones while they are inside.',
    (d) =>
      d.via === 'renewal'
        ? {
            message: `The headend (${d.origin}) presents ${d.subject} (certHash ${d.certHash}), but ${d.where} holds ${d.hashes.length === 0 ? 'no certificate hash' : `only ${d.hashes.join(', ')}`}: the phones refuse the headend (the renewal outage).`,
            fix: renewalOutageFix(d),
          }
        : d.via === 'axl'
          ? {
              message: `The headend presents CN=${d.cn} (serial ${d.serial}, from the ${d.origin}), but CUCM's VPN gateway "${d.gateway}" holds only serial(s) ${d.serials.join(', ')}: its hash never reaches the phones.`,
              fix: `Upload the headend certificate to CUCM as Phone-VPN-trust and add it to VPN gateway "${d.gateway}" (Advanced Features > VPN > VPN Gateway), then reset the phones while inside.`,
            }
          : {
              message: `${d.headend !== undefined ? `Headend ${d.headend}` : 'The headend'} presents CN=${d.cn} (serial ${d.serial}, certHash ${d.certHash}, from the ${d.origin}), but ${d.where} holds ${d.hashes.length === 0 ? 'no certificate hash' : `only ${d.hashes.join(', ')}`}: phones refuse the connection${d.gateways?.length ? ` through VPN gateway ${d.gateways.map((g) => `"${g}"`).join(', ')}` : d.urls?.length ? ` to ${d.urls.join(', ')}` : ''}.`,
              fix:
                `1. On ${d.headend !== undefined ? `headend ${d.headend}` : 'the ASA'}: crypto ca export ${d.trustpoint ?? '<trustpoint>'} identity-certificate\n` +
                '2. CUCM: Cisco Unified OS Administration > Security > Certificate Management > Upload, purpose Phone-VPN-trust\n' +
                `3. CUCM: Advanced Features > VPN > VPN Gateway${d.gateways?.length ? ` ${d.gateways.map((g) => `"${g}"`).join(', ')}` : d.urls?.length ? ` of ${d.urls.map((u) => u.split(' ')[1]).join(', ')}` : ''}: move the new certificate to "VPN Certificates in this Location", Save\n` +
                '4. Reset the phones while they are inside, so they download the new hash.\n' +
                'If the previous certificate is still valid, switch `ssl trust-point` back to it until the phones have the new hash.',
            },
  ),
  'host-id-check-mismatch': entry<{ host: string; names: string[]; wildcard: boolean; trustpoint?: string }>(
    'config',
    'error',
    'Host ID check is on and the URL host is not in the certificate',
    'Use a URL host that equals the certificate CN or a SAN entry (no wildcards), or turn off host ID check in the VPN profile.',
    (d) => ({
      message: `Host ID check is on and the VPN URL host "${d.host}" is not in the headend certificate (CN/SAN: ${d.names.join(', ') || 'none'})${d.wildcard ? '; wildcard names do not count' : ''}.`,
      fix: d.trustpoint
        ? `Make the certificate name the host: crypto ca trustpoint ${d.trustpoint}\n subject-name CN=${d.host}\n fqdn ${d.host}\nthen re-enroll (and follow the renewal procedure); or turn off Enable Host ID Check in the CUCM VPN profile.`
        : `Use a certificate whose CN or SAN is ${d.host}, or turn off Enable Host ID Check in the CUCM VPN profile.`,
    }),
  ),
  'cert-expired': entry<CertExpiry | LoggedCertExpiry>(
    'config',
    'error',
    'The headend identity certificate has expired',
    'Enroll a new identity certificate and follow the renewal procedure (CUCM first, then `ssl trust-point`).',
    (d, n) =>
      'via' in d
        ? {
            message: `${loggedSubject(d)} has expired${d.expiration ? ` (${d.expiration})` : ''} (717055). ${loggedImpact(d, n, 'phones refuse it when they reconnect')}`,
            fix: loggedRenewal(d, n),
          }
        : {
            message: `${d.name} (${d.origin}) expired on ${d.date}, ${-d.days} day(s) ago: phones refuse it when they reconnect.`,
            fix: renewal(d),
          },
  ),
  'cert-expiring': entry<CertExpiry | LoggedCertExpiry>(
    'config',
    'warning',
    'The headend identity certificate expires soon',
    'Plan the certificate renewal procedure: new trustpoint, upload to CUCM, reset phones, then switch `ssl trust-point`.',
    (d, n) =>
      'via' in d
        ? {
            message: `${loggedSubject(d)} expires${d.days !== undefined ? ` in ${d.days} day(s)` : ' soon'}${d.expiration ? ` (${d.expiration})` : ''} (717054). ${loggedImpact(d, n, 'renew it before it runs out, the phones need the new hash first')}`,
            fix: loggedRenewal(d, n),
          }
        : {
            message: `${d.name} (${d.origin}) expires on ${d.date}, in ${d.days} day(s) (threshold ${d.threshold}). Renew it before: the phones need the new hash first.${start(d)}`,
            fix: renewal(d),
          },
  ),
  'phone-ca-trustpoint-missing': entry<
    | {
        chain: 'mic';
        tunnelGroup?: string;
        unconfirmed?: string;
        trustpoint: string;
        cn?: string;
        hash: 'SHA-1' | 'SHA-256';
        model: string;
        modelSource: string;
      }
    | { chain: 'capf'; macs: string[]; unconfirmed?: string }
    | {
        chain: 'any';
        tunnelGroup?: string;
        selfEnrolled: string[];
        unknownModels: string[];
        unconfirmed?: string;
      }
  >(
    'config',
    'error',
    "No trustpoint holds the CA of the phones' certificates",
    'Create trustpoints with `crypto ca trustpoint NAME` / `enrollment terminal` / `crypto ca authenticate NAME` for the MIC chain or the CAPF certificate.',
    (d) =>
      withUnconfirmed(
        d.unconfirmed,
        d.chain === 'mic'
          ? {
              message: `Tunnel group "${d.tunnelGroup}" authenticates phones by certificate, but no trustpoint holds ${d.trustpoint} (${d.cn}), part of the ${d.hash} MIC chain of the ${d.model} (${d.modelSource}). The ASA rejects its certificate (717009/717027).`,
              fix: `Download ${d.trustpoint} from CUCM (Cisco Unified OS Administration > Security > Certificate Management, CallManager-trust or CAPF-trust), then:\ncrypto ca trustpoint ${d.trustpoint}\n enrollment terminal\ncrypto ca authenticate ${d.trustpoint}\n(paste the base64 certificate, end with quit)`,
            }
          : d.chain === 'capf'
            ? {
                message: `${d.macs.length} phone(s) use an LSC issued by CUCM's CAPF, but no trustpoint holds the CAPF certificate.`,
                fix: 'Download the CAPF certificate from the CUCM publisher, then:\ncrypto ca trustpoint CAPF\n enrollment terminal\ncrypto ca authenticate CAPF',
              }
            : {
                message:
                  `Tunnel group "${d.tunnelGroup ?? '<tunnel group>'}" authenticates phones by certificate, but no trustpoint holds any phone CA` +
                  (d.selfEnrolled.length > 0
                    ? ` (${d.selfEnrolled.join(', ')}: self-enrolled, no CA certificate)`
                    : ' (no trustpoint defined)') +
                  ': neither MIC chain (SHA-1: Cisco_Root_CA_2048 + Cisco_Manufacturing_CA; SHA-256: Cisco_Root_CA_M2 + Cisco_Manufacturing_CA_SHA2) nor a CAPF certificate. The ASA rejects every phone certificate (717009/717027). ' +
                  (d.unknownModels.length > 0
                    ? `The models ${d.unknownModels.join(', ')} are not in the catalogue, so which chain they need is not known`
                    : 'No phone model is named, so which chain they need is not known') +
                  ': 79xx/69xx/89xx/99xx use the SHA-1 chain, 78xx/88xx the SHA-256 chain, LSC phones the CAPF certificate.',
                fix: 'Download the CA certificates the phones need from CUCM (Cisco Unified OS Administration > Security > Certificate Management, CallManager-trust or CAPF-trust), then for each:\ncrypto ca trustpoint <name, e.g. Cisco_Manufacturing_CA_SHA2>\n enrollment terminal\ncrypto ca authenticate <name>\n(paste the base64 certificate, end with quit)',
              },
      ),
  ),
  'ec-cipher-risk': entry<{
    version?: string;
    keyType: string;
    keywords: string[];
    doubts: string[];
    syntax?: CipherSyntax;
  }>(
    'config',
    'warning',
    'The headend may choose an elliptic-curve cipher phones cannot use',
    'Set `ssl cipher <version> custom "AES256-SHA:AES128-SHA:..."` without ECDHE/ECDSA suites for the TLS versions phones use and for dtlsv1.',
    (d) => ({
      message:
        `ASA ${d.version ?? '(version unknown)'} with an ${d.keyType} identity certificate allows elliptic-curve suites for ${d.keywords.join(', ')}: ` +
        'it may pick ECDHE and present a temporary self-signed EC certificate the phones do not trust (CSCuu02848).' +
        (d.doubts.length > 0 ? ` Not confirmed: ${d.doubts.join('; ')}.` : ''),
      fix: cipherFix(
        d.syntax,
        d.keywords.map((k) => `ssl cipher ${k} custom "${PHONE_SAFE_CIPHERS.join(':')}"`).join('\n'),
        PHONE_SAFE_CIPHERS,
      ),
    }),
  ),
  'dtls-tls-cipher-mismatch': entry<{
    model: string;
    chosen: string;
    tlsVersion: string;
    offer: string[];
    allowed: string[];
    /** The DTLS list the fix proposes: the chosen cipher first. */
    dtlsList: string[];
    keyword: string;
    syntax?: CipherSyntax;
  }>(
    'config',
    'error',
    'The TLS cipher phones settle on is not allowed for DTLS',
    'Allow the same cipher for TLS and DTLS (`ssl cipher dtlsv1 custom ...`).',
    (d) => ({
      message: `The ${d.model} settles on ${d.chosen} for ${d.tlsVersion} (the ASA's order over the phone's offer ${d.offer.join(':')}), but DTLS allows ${d.allowed.length ? d.allowed.join(':') : 'none of the phone’s DTLS ciphers'}: DTLS fails (old session cipher not returned) and voice falls back to TCP.`,
      fix: cipherFix(
        d.syntax,
        `ssl cipher dtlsv1 custom "${d.dtlsList.join(':')}"\n(or put ${d.allowed[0] ?? 'AES128-SHA'} first in \`ssl cipher ${d.keyword} custom\` so TLS and DTLS agree)`,
        d.dtlsList,
      ),
    }),
  ),
  'tls-version-unsupported': entry<{
    min: string;
    model: string;
    versions: string[];
    modelSource: string;
    command: 'ssl server-version' | 'ssl server-min-version';
    lowest: string;
  }>(
    'config',
    'error',
    'The headend requires a TLS version a phone model does not support',
    'Lower `ssl server-min-version` to the oldest TLS version the phones use (TLS 1.0 for 79xx/69xx/89xx/99xx).',
    (d) => ({
      message: `The ASA accepts ${d.min} or higher, but the ${d.model} speaks only ${d.versions.join(', ')} (${d.modelSource}).`,
      fix: `${d.command} ${d.lowest === 'TLSv1' ? 'tlsv1' : d.lowest.toLowerCase()}\n(this is ASA-wide: other clients may then use ${d.lowest} too)`,
    }),
  ),
  'phone-model-no-vpn': entry<
    | { kind: 'not-in-catalogue'; name: string }
    | { kind: 'no-vpn-client'; model: string; source: string }
    | { kind: 'unconfirmed'; model: string; source: string }
  >(
    'config',
    'error',
    'A phone model has no VPN client',
    'Check Cisco Unified Reporting > Unified CM Phone Feature List for "Virtual Private Network Client"; use a model that has it.',
    (d) => {
      switch (d.kind) {
        case 'not-in-catalogue':
          return {
            message: `Phone model "${d.name}" is not in vpnphone's catalogue: could not confirm it has a VPN client.`,
            fix: FEATURE_REPORT,
          };
        case 'no-vpn-client':
          return {
            message: `The ${d.model} has no VPN client (${d.source}).`,
            fix: `Use a VPN-capable model (e.g. 8811/8841/8851/8861, 7942/7962/7965/7975). Confirm with ${FEATURE_REPORT}.`,
          };
        case 'unconfirmed':
          return {
            message: `Could not confirm that the ${d.model} has a VPN client (${d.source}).`,
            fix: FEATURE_REPORT,
          };
      }
    },
  ),
  'dtls-disabled': entry<{ groupPolicy: string; from: string }>(
    'config',
    'info',
    'DTLS is disabled for the phones',
    'All voice runs over TCP. Remove `anyconnect ssl dtls none` once DTLS problems are solved.',
    (d) => ({
      message: `Group policy "${d.groupPolicy}"${d.from !== d.groupPolicy ? ` (inherited from ${d.from})` : ''} turns DTLS off: all voice runs over TCP, which suffers under packet loss.`,
      fix: `Once DTLS problems are solved:\ngroup-policy ${d.from} attributes\n webvpn\n  no anyconnect ssl dtls none`,
    }),
  ),
  'hostname-needs-dns': entry<{ host: string; address?: string }>(
    'config',
    'info',
    'The VPN URL uses a host name',
    'Phones outside need a DNS server that resolves it; or use the IP address in the ASA group-url and the CUCM gateway URL.',
    (d) => ({
      message: `The VPN URL uses the host name ${d.host}: phones outside need a DNS server that resolves it (else DnsLookupErr after ~30 s).`,
      fix: `Make sure the DHCP server of the phones' home network gives a DNS server that resolves ${d.host}; or use the address${d.address ? ` (${d.address})` : ''} in the ASA group-url and the CUCM VPN gateway URL.`,
    }),
  ),
  'alternate-tftp-required': entry<{ phones: { mac: string; tftp: string }[] }>(
    'config',
    'info',
    'Alternate TFTP must be set on each phone',
    'On each phone, enable Alternate TFTP and enter the TFTP server address before it leaves the office.',
    (d) => ({
      message:
        'The ASA cannot hand out DHCP option 150: each VPN phone needs Alternate TFTP set by hand before it leaves the office (else it registers but shows no call history).',
      fix: d.phones.length
        ? d.phones
            .map(
              (p) =>
                `SEP${p.mac}: Settings > Admin Settings > Network Setup > IPv4 Setup > Alternate TFTP: Yes, TFTP Server 1: ${p.tftp}`,
            )
            .join('\n')
        : 'On each phone: Settings > Admin Settings > Network Setup > IPv4 Setup > Alternate TFTP: Yes, TFTP Server 1: <CUCM TFTP address>',
    }),
  ),
  'auto-network-detect-on': entry<Record<string, never>>(
    'config',
    'info',
    'Auto network detect is on',
    'Make sure the TFTP address does not answer pings from outside; users cannot start the VPN by hand.',
    (_d, n) => ({
      message:
        'Auto network detect is on: at power-up the phone pings its TFTP server and starts the VPN only when nobody answers; manual VPN start is impossible.',
      fix: `Make sure ${n.tftp?.length ? n.tftp.join(', ') : 'the TFTP address'} does not answer pings from outside; users cannot start the VPN by hand while this is on.`,
    }),
  ),
  'vpn-profile-out-of-range': entry<{ field: 'mtu' | 'fail-to-connect'; value: number; profile?: string }>(
    'config',
    'error',
    'A VPN profile value is out of range',
    'Use an MTU between 256 and 1406 and a fail-to-connect time between 0 and 600 seconds.',
    (d) => {
      const where = d.profile !== undefined ? `VPN profile ${d.profile}: ` : '';
      return d.field === 'mtu'
        ? {
            message: `${where}MTU ${d.value} is outside 256–1406.`,
            fix: 'CUCM: Advanced Features > VPN > VPN Profile > MTU: 1290 (the default) or another value in 256–1406; reset the phones while inside.',
          }
        : {
            message: `${where}fail-to-connect ${d.value} s is outside 0–600.`,
            fix: 'CUCM: Advanced Features > VPN > VPN Profile > Fail to Connect: 30 (the default) or another value in 0–600.',
          };
    },
  ),
  'vpn-group-limits': entry<
    | { kind: 'gateway-certificates'; gateway: string; count: number }
    | { kind: 'group-gateways'; group: string; gateways: string[] }
    | { kind: 'group-certificates'; group: string; count: number }
  >(
    'config',
    'error',
    'A VPN group or gateway exceeds its limits',
    'At most 3 gateways in a VPN group and 10 certificates in a gateway or group.',
    (d) => {
      switch (d.kind) {
        case 'gateway-certificates':
          return {
            message: `VPN gateway "${d.gateway}" holds ${d.count} certificates (at most 10).`,
            fix: `CUCM: Advanced Features > VPN > VPN Gateway "${d.gateway}": remove expired or replaced certificates until at most 10 remain.`,
          };
        case 'group-gateways':
          return {
            message: `VPN group "${d.group}" has ${d.gateways.length} gateways (phones use at most 3: url1..url3).`,
            fix: `CUCM: Advanced Features > VPN > VPN Group "${d.group}": keep at most 3 gateways (${d.gateways.slice(0, 3).join(', ')}).`,
          };
        case 'group-certificates':
          return {
            message: `The gateways of VPN group "${d.group}" hold ${d.count} certificates (a phone takes at most 10 certHash entries).`,
            fix: 'Remove replaced certificates from the gateways of this group until at most 10 remain in all.',
          };
      }
    },
  ),
  'unrecognized-input': entry<
    /** `hint`: why it is not used (the same hint for many files makes one finding). */
    | { kind: 'not-used'; hint: string }
    | { kind: 'unreadable'; reason: string }
    /** Read by a tolerant reader after a strict parse failed (a slipped XML tag). */
    | { kind: 'malformed'; reason: string }
    | { kind: 'second-running-config'; audited: string; source: string }
    /** A further complete capture of the audited ASA (same hostname): the other unit of a failover pair, or a re-capture. */
    | { kind: 'same-asa-capture'; audited: string; source: string; host: string }
    /** A line under a modeled block (`tunnel-group X webvpn-attributes`) whose command vpnphone does not know. */
    | { kind: 'unknown-subcommand'; block: string; command: string; guess?: string }
    | { kind: 'no-log-line'; source: string; lines: number }
    | { kind: 'binary'; source: string }
    /** A configuration input given to the log side alone (diagnose). */
    | { kind: 'not-a-log'; source: string; inputKind: string }
    | { kind: 'not-read'; source: string; hint: string }
  >(
    'config',
    'info',
    'Input not recognized',
    'Nothing to fix; the input was not used. Check that it is the file you meant.',
    (d) => {
      switch (d.kind) {
        case 'not-used':
          return {
            message: `Not used: ${d.hint}.`,
            fix: /vpnphone diagnose/.test(d.hint)
              ? 'Run `vpnphone diagnose` on log files.'
              : 'Nothing to fix if this input was not meant for the audit; otherwise check that it is the complete output (e.g. `show running-config`, SEP<MAC>.cnf.xml, a PEM certificate).',
          };
        case 'unreadable':
          return {
            message: `Recognized but could not be read: ${d.reason}`,
            fix: 'Fix the file (see the message) and run the audit again.',
          };
        case 'malformed':
          return {
            message: `Not well-formed: ${d.reason}. The settings that could still be found were read and checked; a phone may reject or misread such a file.`,
            fix: 'Correct the XML at that line (compare the opening and closing tags) and audit again.',
          };
        case 'second-running-config':
          return {
            message: `A second ASA running configuration: only ${d.audited} is audited. Audit each ASA separately.`,
            fix: `vpnphone audit ${d.source} ...`,
          };
        case 'same-asa-capture':
          return {
            message: `${d.source} is another complete running configuration of the ASA ${d.host} (the other unit of a failover pair, or the same ASA captured twice): it is read as that ASA, and ${d.audited} is the capture audited.`,
            fix: `Nothing to fix if both are one ASA or one failover pair. If ${d.source} is a different ASA, give it its own \`hostname\` and audit again.`,
          };
        case 'unknown-subcommand': {
          const word = d.command.split(/\s+/)[0] ?? d.command;
          return {
            message:
              `\`${d.command}\` under \`${d.block}\` is not recognized by vpnphone` +
              (d.guess !== undefined ? `: perhaps a typo of \`${d.guess}\`` : '') +
              '. It was not used by any check.',
            fix:
              d.guess !== undefined
                ? `If \`${word}\` was meant as \`${d.guess}\`, correct it under \`${d.block}\` (the ASA refuses a misspelt command when it is pasted). If this ASA's software accepts it as written, nothing to fix.`
                : `Check the line against \`${d.block} ?\` on the ASA: if the ASA accepts it, nothing to fix (vpnphone does not model it).`,
          };
        }
        case 'no-log-line':
          return { message: `No phone, ASA or ocserv log line found in ${d.source} (${d.lines} lines).` };
        case 'binary':
          return { message: `${d.source} is binary data, not a log; it was not read.` };
        case 'not-a-log':
          return {
            message: `${d.source} is ${d.inputKind}, not a log: \`vpnphone audit\` or \`vpnphone doctor\` checks it.`,
          };
        case 'not-read':
          return { message: `${d.source}: ${d.hint}; it was not read.` };
      }
    },
  ),
  'no-vpn-headend': entry<{ hostname?: string; siteToSite: boolean }>(
    'config',
    'info',
    'The configuration has no remote-access VPN headend',
    'Nothing to fix if this ASA is not where the phones connect; otherwise audit the running configuration of the ASA that is.',
    (d) => ({
      message:
        `The running configuration${d.hostname !== undefined ? ` of ${d.hostname}` : ''} has no remote-access SSL VPN (no \`webvpn\`, no remote-access tunnel group, no \`ssl trust-point\`)` +
        `${d.siteToSite ? '; it has site-to-site IPsec only (crypto map, IKE)' : ''}: the VPN-phone headend checks do not apply to it.`,
      fix: 'If the phones connect to this ASA, it needs the headend configuration (`vpnphone generate asa -d deployment.yaml` writes it); otherwise give vpnphone the `show running-config` of the ASA the phones connect to.',
    }),
  ),
  'input-rejected': entry<{ reason: string }>(
    'config',
    'warning',
    'An input or archive member was refused or cut short',
    'Read the reason: a corrupt or truncated file, a link or a path leaving the archive, or a size limit. Collect the file again, or unpack it yourself and pass the files.',
    (d) => ({ message: d.reason }),
  ),
  'deployment-drift': entry<DeploymentDrift>(
    'config',
    'warning',
    'The running configuration differs from the deployment file',
    'Apply the deployment (`vpnphone generate asa -d FILE`) or update the deployment to what runs.',
    (d) => {
      switch (d.kind) {
        case 'lines':
          return { message: driftMessage(d), fix: d.apply.join('\n') };
        case 'interface-address':
          return {
            message: driftMessage(d),
            fix: `${d.apply.join('\n')}\n(or update headend.interfaces in ${d.deploymentFile})`,
          };
        case 'identity-certificate':
          return {
            message: driftMessage(d),
            fix: `Either update ${d.file} with \`crypto ca export ${d.trustpoint} identity-certificate\`, or re-enroll/import the deployment's certificate into ${d.trustpoint}.`,
          };
        case 'version':
          return {
            message: `The deployment says ASA ${d.deploymentVersion}; the ASA runs ${d.running}.`,
            fix: `Update headend.version in ${d.deploymentFile} to ${d.running} (checks such as ec-cipher-risk depend on it).`,
          };
      }
    },
  ),
  'tls-no-shared-cipher': entry<{
    tlsVersion: string;
    allowed: string[];
    model: string;
    offer: string[];
    keyword: string;
    syntax?: CipherSyntax;
  }>(
    'config',
    'error',
    'No TLS cipher is shared between a phone model and the headend',
    'Allow a cipher the phone offers (AES256-SHA or AES128-SHA) in `ssl cipher <version> custom ...`.',
    (d) => ({
      message: `For ${d.tlsVersion} the ASA allows ${d.allowed.join(':') || 'nothing'}, and the ${d.model} offers ${d.offer.join(':')}: no cipher in common (ASA syslog 725014 "no shared cipher").`,
      fix: (() => {
        const list = [
          'AES256-SHA',
          'AES128-SHA',
          ...d.allowed.filter((c) => c !== 'AES256-SHA' && c !== 'AES128-SHA'),
        ];
        return cipherFix(d.syntax, `ssl cipher ${d.keyword} custom "${list.join(':')}"`, list);
      })(),
    }),
  ),
  'split-tunnel-not-tunnelall': entry<{ groupPolicy: string; policy: string; from: string }>(
    'config',
    'error',
    "The phones' group policy split-tunnels",
    "Set `split-tunnel-policy tunnelall` in the phones' group policy: Cisco's VPN phone support needs all traffic in the tunnel.",
    (d) => ({
      message:
        `Group policy ${d.groupPolicy} ${d.from !== d.groupPolicy ? `inherits \`split-tunnel-policy ${d.policy}\` from ${d.from}` : `has \`split-tunnel-policy ${d.policy}\``}: ` +
        'the phones would send only part of their traffic (or none of it to CUCM) through the tunnel. Cisco supports VPN phones only with every packet tunneled.',
      fix: `group-policy ${d.groupPolicy} attributes\n${I}split-tunnel-policy tunnelall`,
    }),
  ),
  'vpn-peer-license-short': entry<{ license: string; peers: number; phones: number; phonesFrom: string }>(
    'config',
    'warning',
    'Fewer licensed VPN peers than phones',
    'Add AnyConnect peers to the license (each phone takes one, like a desktop client), or plan fewer phones per headend.',
    (d) => ({
      message:
        `\`show version\` licenses ${d.peers} peer(s) (${d.license}), but ${d.phonesFrom} name ${d.phones} phone(s): ` +
        'once the peers are used up the ASA refuses new sessions ("session limit of N reached", 716023 / 113029), desktops included.',
      fix: `License at least ${d.phones} AnyConnect peers (plus the desktop clients): a larger AnyConnect Plus/Apex (Secure Client Advantage/Premier) license or platform, then check \`show version | include Peers\` and \`show vpn-sessiondb summary\`.`,
    }),
  ),
  'address-pool-too-small': entry<{
    tunnelGroup: string;
    pools: string[];
    addresses: number;
    phones: number;
    phonesFrom: string;
  }>(
    'config',
    'warning',
    "The phones' address pool is smaller than the number of phones",
    "Enlarge the phones' `ip local pool` (or add a second pool) to at least one address per phone.",
    (d) => ({
      message:
        `Tunnel group ${d.tunnelGroup} gives addresses from ${list(d.pools)} (${d.addresses} address(es)), but ${d.phonesFrom} name ${d.phones} phone(s): ` +
        'the phones past the pool get no address ("No address available for SVC connection", 722020).',
      fix:
        `no ip local pool ${d.pools[0]}\nip local pool ${d.pools[0]} <first>-<last> mask <mask>   (at least ${d.phones} addresses)\n` +
        `or add a pool: tunnel-group ${d.tunnelGroup} general-attributes\n${I}address-pool ${d.pools.join(' ')} <second pool>`,
    }),
  ),
  'ocserv-svc-compat-disabled': entry<{ present: boolean }>(
    'config',
    'error',
    'ocserv lacks cisco-svc-client-compat = true',
    'Set `cisco-svc-client-compat = true` in ocserv.conf (with `udp-port = 443`): phones log in at `/svc`.',
    (d) => ({
      message: d.present
        ? 'ocserv.conf sets `cisco-svc-client-compat` to something other than true: phones log in at /svc and ocserv does not treat them as phones.'
        : 'ocserv.conf has no `cisco-svc-client-compat = true`: phones log in at /svc, which ocserv serves only with it (ocserv 1.2 and later).',
      fix: 'In ocserv.conf:\ncisco-svc-client-compat = true\nudp-port = 443\nthen restart ocserv, and give the phones a gateway URL ending in /svc.',
    }),
  ),
  'ocserv-udp-port-not-443': entry<{ port: string }>(
    'config',
    'error',
    'cisco-svc-client-compat with a UDP port other than 443',
    'With `cisco-svc-client-compat = true` set `udp-port = 443` (or 0 for no DTLS): ocserv refuses to start otherwise.',
    (d) => ({
      message: `ocserv.conf sets \`udp-port = ${d.port}\` with \`cisco-svc-client-compat = true\`: phones send DTLS to the TCP port's number (443), and ocserv refuses this combination at start.`,
      fix: 'In ocserv.conf:\nudp-port = 443\n(or remove udp-port for TLS only), then restart ocserv.',
    }),
  ),
  'gateway-url-not-svc': entry<{ urls: string[] }>(
    'config',
    'error',
    "The phones' gateway URL does not end in /svc",
    "With ocserv the phones' VPN gateway URL must be https://<host>/svc (CUCM VPN gateway).",
    (d) => ({
      message: `The headend is ocserv, and the phones' VPN URL ${list(d.urls)} has a path other than /svc: ocserv answers phones only at /svc.`,
      fix: `In CUCM (Advanced Features > VPN > VPN Gateway) set the URL to ${d.urls
        .map((u) => {
          try {
            const x = new URL(u);
            return `${x.protocol}//${x.host}/svc`;
          } catch {
            return 'https://<host>/svc';
          }
        })
        .filter((v, i, a) => a.indexOf(v) === i)
        .join(', ')}, then reset the phones while they are inside.`,
    }),
  ),
};

/** A finding judged on sections: what was read fits it, the part not read could undo it. */
function withUnconfirmed(
  u: string | undefined,
  w: { message: string; fix: string },
): { message: string; fix: string } {
  return u === undefined
    ? w
    : {
        ...w,
        message: `${w.message} Not confirmed: the trustpoints were not among the sections read (${u}).`,
      };
}
