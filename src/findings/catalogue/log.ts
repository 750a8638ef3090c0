// The log findings of RULES.md (second table): each id's data and its wording, naming the deployment's objects.
import { entry } from '../entry.js';
import {
  gatewaysOf,
  groupPolicyOf,
  identityTrustpointOf,
  isOcserv,
  type ObjectNames,
  outsideOf,
  phoneCipherFix,
  sslCipherLines,
  tunnelGroupOf,
} from '../names.js';

/** A headend event (ASA syslog id or ocserv message) and the users it names. */
export interface HeadendEvent {
  headend: 'asa' | 'ocserv';
  users: string[];
  /** The AAA stage of an ASA 113004/113005 message. */
  stage?: 'authentication' | 'authorization';
  /** `reason = ...` and `server = ...` of ASA AAA messages. */
  reasons?: string[];
  servers?: string[];
  /**
   * Whether the clients were phones (`phone`) or other AnyConnect clients (`other`), when the log tells
   * (722055's user agent, a phone certificate's user name); absent when it does not.
   */
  client?: ClientKind;
}

export type ClientKind = 'phone' | 'other';

/**
 * The client a headend event is about: the log's word, else `show vpn-sessiondb detail` read alongside (the
 * users it lists with a phone's or another client's version), else unknown.
 */
function clientOf(d: HeadendEvent, n: ObjectNames): ClientKind | undefined {
  if (d.client) return d.client;
  const known = n.sessionClients;
  if (!known || d.users.length === 0) return undefined;
  let kind: ClientKind | undefined;
  for (const u of d.users) {
    const k = known.phones.includes(u) ? 'phone' : known.others.includes(u) ? 'other' : undefined;
    if (k === undefined || (kind !== undefined && k !== kind)) return undefined;
    kind = k;
  }
  return kind;
}

/** `the phone`, `the AnyConnect client (not a phone)` or `the client`. */
function theClient(d: HeadendEvent, n: ObjectNames): string {
  const k = clientOf(d, n);
  return k === 'phone' ? 'the phone' : k === 'other' ? 'the AnyConnect client (not a phone)' : 'the client';
}

/** Who offered the ciphers: the phone, another client, or a client the log does not name. */
function offerer(d: HeadendEvent, n: ObjectNames): string {
  const k = clientOf(d, n);
  return k === 'phone' ? 'the phone' : k === 'other' ? 'that client' : 'the client';
}

/** For a client that is not a phone: the phones' settings are not what failed. */
function notAPhone(d: HeadendEvent, n: ObjectNames): string {
  return clientOf(d, n) === 'other'
    ? " The log names that client as another AnyConnect client, not a phone: change the phones' settings only if phones fail the same way."
    : '';
}

function headendName(d: HeadendEvent): string {
  return d.headend === 'ocserv' ? 'ocserv' : 'The ASA';
}

function users(d: HeadendEvent): string {
  return d.users.length > 0 ? ` Users: ${d.users.join(', ')}.` : '';
}

/** The pinged address, compared with the deployment's TFTP servers. */
function pingedAddressNote(ip: string | undefined, n: ObjectNames): string {
  const tftp = n.tftp ?? [];
  if (!ip) return 'The log does not show which address was pinged.';
  if (tftp.length > 0 && !tftp.includes(ip))
    return `The phone pinged ${ip}, which is not the TFTP server of the deployment (${tftp.join(', ')}): check the phone's alternate TFTP setting.`;
  return `The phone pinged ${ip}.`;
}

function dnsFix(host: string, n: ObjectNames): string {
  const url = n.vpnUrl;
  const ip = n.outsideAddress;
  const alt =
    url && ip
      ? `or use the address instead of the name: \`group-url ${url.replace(host, ip)} enable\` under tunnel-group ${tunnelGroupOf(n)} webvpn-attributes, and the same URL in CUCM VPN gateway ${gatewaysOf(n)}`
      : 'or use the IP address in the ASA group-url and the CUCM VPN gateway URL';
  return `Give the phone a DNS server outside (DHCP) that resolves ${host}, ${alt}; then reset the phones inside.`;
}

/** A headend event about sessions: who, and the tunnel group / group policy the ASA named. */
export interface HeadendSessionEvent extends HeadendEvent {
  tunnelGroups: string[];
  groupPolicies: string[];
}

export interface SessionLimit extends HeadendSessionEvent {
  /** The limits the ASA named (`session limit of N reached`). */
  limits: number[];
}

export interface LargePacket extends HeadendSessionEvent {
  directions: ('in' | 'out')[];
  /** The largest packet logged and the threshold the ASA compared it with. */
  size?: number;
  threshold?: number;
}

export type ReconnectChurn =
  | {
      side: 'headend';
      peer: string;
      replaced: number;
      dpdTerminated: number;
      minutes: number;
      groupPolicy?: string;
      /** Whether the peer is a phone or another AnyConnect client, when the log tells. */
      client?: ClientKind;
    }
  | { side: 'phone'; logins: number; minutes: number; url?: string };

export interface SvcRejected {
  reasons: ('compat' | 'user-agent' | 'no-username')[];
  agents: string[];
  users: string[];
}

function groupPolicyFrom(d: HeadendSessionEvent, n: ObjectNames): string {
  return d.groupPolicies[0] ?? groupPolicyOf(n);
}

function tunnelGroupFrom(d: HeadendSessionEvent, n: ObjectNames): string {
  return d.tunnelGroups[0] ?? tunnelGroupOf(n);
}

export const LOG_ENTRIES = {
  'ec-cipher-selected': entry<
    { kind: 'offer'; ec: string[]; failed: boolean } | { kind: 'temporary-certificate' }
  >(
    'log',
    'error',
    'The headend chose an elliptic-curve cipher',
    'Remove EC suites with `ssl cipher tlsv1|tlsv1.1|tlsv1.2|dtlsv1 custom "AES256-SHA:AES128-SHA:..."` (CSCuu02848).',
    (d, n) =>
      d.kind === 'temporary-certificate'
        ? {
            message: 'The headend sent a temporary self-signed EC certificate: it chose an EC cipher.',
            // (An EC suite chosen and a temporary EC certificate are ASA 9.4 and later: `ssl cipher` syntax.)
            fix: `Remove the EC suites:\n${sslCipherLines(n)}`,
          }
        : {
            message:
              `The TLS cipher list in force for the phone contains elliptic-curve suites (${d.ec.join(', ')}). ` +
              'An ASA from 9.4 on then chooses an EC cipher; with only an RSA identity certificate it sends a ' +
              'temporary self-signed EC certificate the phone does not trust (CSCuu02848). ' +
              (d.failed
                ? 'The connection failed afterwards.'
                : 'The log shows no sign that this TLS session succeeded afterwards.'),
            fix: `Remove the EC suites for the TLS versions the phones use and for DTLS:\n${sslCipherLines(n)}`,
          },
  ),
  'dtls-old-session-cipher': entry<Record<string, never>>(
    'log',
    'error',
    'DTLS failed: old session cipher not returned',
    "Allow the same non-EC cipher for TLS and DTLS; as a test, `anyconnect ssl dtls none` in the phones' group policy.",
    (_d, n) => {
      const test = isOcserv(n)
        ? 'As a test, set `udp-port = 0` in ocserv.conf (TCP only).'
        : `As a test, force TCP only:\ngroup-policy ${groupPolicyOf(n)} attributes\n webvpn\n  anyconnect ssl dtls none`;
      return {
        message:
          "DTLS setup failed: the headend's DTLS answer did not resume the TLS session with its cipher " +
          '("old session cipher not returned", alert 47 illegal parameter). The headend chose an EC cipher ' +
          'for DTLS, or a DTLS cipher other than the TLS one.',
        fix: `Allow the same non-EC cipher for TLS and DTLS:\n${phoneCipherFix(n)}\n${test}`,
      };
    },
  ),
  'dtls-cipher-mismatch': entry<{
    bulk: string;
    session: string;
    headendLogged: boolean;
    dtlsOffer: string[];
  }>(
    'log',
    'error',
    'The DTLS cipher offer does not contain the TLS cipher',
    'Allow the cipher the TLS session uses for DTLS as well (`ssl cipher dtlsv1 custom ...`).',
    (d, n) => ({
      message:
        `The TLS session uses ${d.bulk} (phone's first choice ${d.session}${d.headendLogged ? ', as the headend logged' : ''}), ` +
        `but the DTLS offer is only ${d.dtlsOffer.join(':')}: the TLS cipher cannot be used for DTLS, ` +
        'and DTLS setup was aborted.',
      fix:
        `Allow the TLS cipher for DTLS as well (same cipher for TLS and DTLS):\n${phoneCipherFix(n)}\n` +
        `As a test, \`anyconnect ssl dtls none\` under group-policy ${groupPolicyOf(n)} attributes / webvpn.`,
    }),
  ),
  'dtls-failed-tls-ok': entry<Record<string, never>>(
    'log',
    'warning',
    'DTLS failed; the tunnel runs over TLS only',
    'Find why DTLS failed (cipher mismatch, EC cipher, UDP 443 blocked); voice over TCP suffers under loss.',
    () => ({ message: 'The TLS tunnel came up but DTLS failed; voice runs over TCP.' }),
  ),
  'dns-lookup-failed': entry<
    | { kind: 'failed'; host: string; servers: string[] }
    | { kind: 'unanswered'; host: string; queries: number; servers: string[] }
  >(
    'log',
    'error',
    'The phone could not resolve the VPN host name',
    'Give the phone a working DNS server outside (DHCP), or use the IP address in the ASA group-url and CUCM gateway URL.',
    (d, n) => ({
      message:
        d.kind === 'failed'
          ? `The phone could not resolve the VPN host ${d.host}${d.servers.length > 0 ? ` (queries forwarded to ${d.servers.join(', ')} got no answer)` : ''}, so the VPN login failed.`
          : `The phone asked for ${d.host} ${d.queries} times (forwarded to ${d.servers.join(', ') || 'its DNS servers'}) and got no answer.`,
      fix: dnsFix(d.host, n),
    }),
  ),
  'vpn-not-started-tftp-reachable': entry<{ ip?: string }>(
    'log',
    'error',
    'The VPN stayed off because the TFTP address answered the ping',
    'Check the pinged address: it must be the internal TFTP server and must not answer from outside.',
    (d, n) => ({
      message: `Auto network detect got an answer to its ping, so the phone took itself to be inside and kept the VPN off. ${pingedAddressNote(d.ip, n)}`,
      fix:
        `Check in this order: the address pinged must be the internal TFTP server${n.tftp?.length ? ` (${n.tftp.join(', ')})` : ''}; ` +
        "it must not answer pings from the phone's outside network (filter ICMP or change the alternate TFTP); then the VPN is enabled after the ping times out.",
    }),
  ),
  'vpn-auto-started': entry<{ ip?: string }>(
    'log',
    'info',
    'Auto network detect started the VPN',
    'Nothing to fix: the ping timed out and the VPN was enabled, as expected outside.',
    (d, n) => ({
      message: `Auto network detect: the ping timed out and the VPN was enabled, as expected outside. ${pingedAddressNote(d.ip, n)}`,
    }),
  ),
  'login-failed': entry<Record<string, never>>(
    'log',
    'error',
    'The VPN login failed',
    'Read the evidence lines around the failure; collect ASA `debug webvpn anyconnect 255` output for the same time.',
    () => ({ message: 'The VPN login failed; the log names no more specific cause.' }),
  ),
  'headend-cert-rejected': entry<{ hostId: boolean; afterEc?: string[] }>(
    'log',
    'error',
    "The phone rejected the headend's certificate",
    'Put the headend certificate in CUCM (Phone-VPN-trust, VPN gateway) and reset the phones inside; check host ID check.',
    (d, n) => {
      const renewed =
        `The certificate the headend presents (ssl trust-point ${identityTrustpointOf(n)} ${outsideOf(n)}) must be in CUCM: upload it as Phone-VPN-trust, ` +
        `add it to VPN gateway ${gatewaysOf(n)}, and reset the phones while they are inside. After a renewal that skipped CUCM, ` +
        'either switch `ssl trust-point` back to the old certificate while it is still valid, or bring the phones inside to download the new hash.';
      const hostIdFix =
        'Use a VPN URL host that equals the certificate CN or a SAN entry (no wildcards), or turn off Enable Host ID Check in the CUCM VPN profile.';
      const stated = d.hostId
        ? 'the host ID check failed'
        : 'its hash is not one of the certHash values in the phone configuration';
      if (d.afterEc !== undefined)
        return {
          message:
            `The phone refused the headend's certificate: ${stated} — after the headend chose an elliptic-curve suite ` +
            `(${d.afterEc.join(', ') || 'ECDHE'}). Two causes fit: (1) the ASA, holding only an RSA identity certificate, ` +
            'sent its temporary self-signed EC certificate for the EC suite (CSCuu02848); (2) the certificate was renewed and its ' +
            "hash never reached the phones. The presented certificate's key type decides: run `vpnphone probe` against the headend, " +
            'or read `show crypto ca certificates` and `show ssl` on the ASA — an EC key (or a certificate in no trustpoint) ' +
            'means (1), the RSA certificate of the trustpoint means (2).',
          fix:
            `If (1), remove the EC suites for the TLS versions the phones use and for DTLS:\n${sslCipherLines(n)}\n` +
            `If (2): ${d.hostId ? hostIdFix : renewed}`,
        };
      return {
        message:
          "The phone refused the headend's certificate" +
          (d.hostId
            ? ': the host ID check failed.'
            : `: ${stated} (a renewed certificate that never reached CUCM?).`),
        fix: d.hostId ? hostIdFix : renewed,
      };
    },
  ),
  'asa-no-shared-cipher': entry<HeadendEvent>(
    'log',
    'error',
    'No cipher shared between phone and headend',
    'Allow a cipher the phone offers (AES256-SHA or AES128-SHA) in `ssl cipher` for the TLS version it uses.',
    (d, n) => ({
      message: `${headendName(d)} found no cipher shared with ${theClient(d, n)}: its cipher lists allow none ${offerer(d, n)} offers.${users(d)}${notAPhone(d, n)}`,
      fix: `Allow a cipher the phones offer (AES256-SHA, AES128-SHA) for the TLS versions they use:\n${phoneCipherFix(n)}`,
    }),
  ),
  'asa-client-cert-invalid': entry<HeadendEvent>(
    'log',
    'error',
    "The phone's certificate failed validation on the headend",
    'Add trustpoints for the MIC chain of the phone model (or the CAPF certificate for LSC phones).',
    (d, n) => {
      const message = `${headendName(d)} could not validate the certificate of ${theClient(d, n)}: no trustpoint holds the CA that issued it (for a phone: MIC chain or CAPF).${users(d)}${notAPhone(d, n)}`;
      if (isOcserv(n))
        return {
          message,
          fix: 'Put the CA of the phone certificates (Cisco MIC chain for the model, or the CUCM CAPF certificate for LSC phones) into the file named by `ca-cert` in ocserv.conf.',
        };
      const names = n.phoneCaTrustpoints ?? [];
      const list =
        names.length > 0
          ? names.join(', ')
          : 'Cisco_Root_CA_M2 + Cisco_Manufacturing_CA_SHA2 (88xx/78xx), Cisco_Root_CA_2048 + Cisco_Manufacturing_CA (79xx/69xx/89xx/99xx), or CAPF for LSC phones';
      return {
        message,
        fix: `Create the trustpoints for the phones' certificate chain (${list}):\ncrypto ca trustpoint NAME\n enrollment terminal\ncrypto ca authenticate NAME`,
      };
    },
  ),
  'asa-no-client-cert': entry<HeadendEvent>(
    'log',
    'error',
    'The phone sent no certificate',
    'Check the VPN profile client authentication method and the phone certificate (MIC/LSC).',
    (d, n) => {
      const p = n.vpnProfile;
      const mine = p ? ` (VPN profile ${p.name}: ${p.clientAuthentication})` : '';
      return {
        message: `${headendName(d)} received no certificate from ${theClient(d, n)}.${users(d)}${notAPhone(d, n)}`,
        fix: `Certificate authentication on tunnel-group ${tunnelGroupOf(n)} needs the VPN profile's Client Authentication Method set to Certificate${mine}; check the phone has its MIC or LSC.`,
      };
    },
  ),
  'asa-auth-rejected': entry<HeadendEvent>(
    'log',
    'error',
    'The headend rejected the authentication',
    'Check the user name and password, or the certificate mapping of the tunnel group.',
    (d, n) => {
      const why = [
        ...(d.reasons && d.reasons.length > 0 ? [`reason: ${d.reasons.join(', ')}`] : []),
        ...(d.servers && d.servers.length > 0 ? [`server ${d.servers.join(', ')}`] : []),
      ];
      const detail = why.length > 0 ? ` (${why.join('; ')})` : '';
      if (d.stage === 'authorization')
        return {
          message: `${headendName(d)} rejected the authorization, not the authentication${detail}: the user was authenticated, then the authorization server refused it or returned no usable attributes.${users(d)}`,
          fix: `The credentials are not the problem. Check the authorization server of tunnel group ${tunnelGroupOf(n)} (\`authorization-server-group\`, and with \`authorization-required\` the user name taken from the certificate): the user must exist there and be allowed VPN access.`,
        };
      return {
        message: `${headendName(d)} rejected the authentication${detail}.${users(d)}`,
        // No word after `password`: the redactor reads `password X` as a secret.
        fix: `Check the user name and password, or with certificate authentication the tunnel group ${tunnelGroupOf(n)} authentication and certificate mapping.`,
      };
    },
  ),
  'asa-dtls-cipher-failed': entry<HeadendEvent>(
    'log',
    'error',
    'The headend could not negotiate a DTLS cipher',
    'Allow a phone DTLS cipher (AES256-SHA, AES128-SHA) in `ssl cipher dtlsv1 custom ...`.',
    (d, n) => ({
      message: `${headendName(d)} could not negotiate a DTLS cipher with ${theClient(d, n)}; the tunnel fell back to TLS.${users(d)}${notAPhone(d, n)}`,
      fix: `Allow a phone DTLS cipher (AES256-SHA, AES128-SHA), the same as the TLS one:\n${phoneCipherFix(n, true)}`,
    }),
  ),
  'asa-session-limit': entry<SessionLimit>(
    'log',
    'error',
    'The ASA has no VPN session left for the phone',
    'Compare `show vpn-sessiondb summary` with the licensed peers in `show version`; raise the license or `vpn-sessiondb max-anyconnect-premium-or-essentials-limit`, and log off stale sessions.',
    (d, n) => ({
      message:
        `The ASA refused a new session: "session limit of ${d.limits.join(', ') || 'N'} reached" (716023 / 113029). ` +
        `Every AnyConnect peer the license (or a configured session limit) allows is in use, so ${theClient(d, n)} could not connect, ` +
        `and no phone can until a peer is freed.${users(d)}`,
      fix:
        'See what uses the peers and what the license allows:\n' +
        'show vpn-sessiondb summary\nshow version | include Peers|AnyConnect\nshow running-config vpn-sessiondb\n' +
        'Then: add AnyConnect peers to the license (a phone uses one peer like a desktop client), remove or raise ' +
        '`vpn-sessiondb max-anyconnect-premium-or-essentials-limit <peers>`, and end stale sessions ' +
        `(\`vpn-sessiondb logoff name <user> noconfirm\`; set \`vpn-idle-timeout 30\` under group-policy ${groupPolicyFrom(d, n)} attributes so abandoned sessions end).`,
    }),
  ),
  'asa-pool-exhausted': entry<HeadendSessionEvent>(
    'log',
    'error',
    "The phones' address pool is used up",
    "Enlarge the phones' `ip local pool` (or add a second pool to the group policy); check `show ip local pool NAME`.",
    (d, n) => ({
      message:
        `The ASA had no address to give ${theClient(d, n)} ("No address available for SVC connection" 722020 / "Unable to get address" 737019): ` +
        `the address pool of ${d.tunnelGroups[0] ? `tunnel group ${d.tunnelGroups[0]}` : `group policy ${groupPolicyFrom(d, n)}`} is used up, so the tunnel cannot come up.${users(d)}`,
      fix:
        `See which pool the phones use and how full it is: \`show running-config tunnel-group ${tunnelGroupFrom(d, n)}\`, ` +
        `\`show running-config group-policy ${groupPolicyFrom(d, n)}\`, then \`show ip local pool <pool>\`. ` +
        'Enlarge it (one address per phone, plus the desktops sharing it):\n' +
        'no ip local pool <pool>\nip local pool <pool> <first>-<last> mask <mask>\n' +
        `or add a second pool: group-policy ${groupPolicyFrom(d, n)} attributes / address-pools value <pool> <pool2>. ` +
        'With `vpn-addr-assign local reuse-delay <minutes>`, released addresses stay out of use for that long.',
    }),
  ),
  'asa-large-packet': entry<LargePacket>(
    'log',
    'warning',
    'Packets larger than the tunnel MTU between phone and headend',
    "Lower the MTU in the phones' CUCM VPN profile, and `anyconnect ssl df-bit-ignore enable` in their group policy.",
    (d, n) => ({
      message:
        `The ASA logged ${d.directions.includes('in') ? 'received' : ''}${d.directions.length > 1 ? ' and ' : ''}${d.directions.includes('out') ? 'transmitted' : ''} ` +
        `packets larger than the tunnel allows (722035 / 722036${d.size !== undefined ? `: ${d.size} bytes, threshold ${d.threshold}` : ''}). ` +
        'Voice and signalling packets that do not fit are dropped or fragmented: one-way audio, calls that drop, registration that comes and goes. ' +
        'The same lines come when DTLS is down and the traffic runs in the TLS tunnel, whose MTU is smaller: if the ASA logs no ' +
        '722022 `UDP SVC connection established` for these sessions, make DTLS work first (UDP 443, or the `dtls port`, open to the ASA).' +
        users(d),
      fix:
        `Lower the MTU in the phones' CUCM VPN profile${n.vpnProfile ? ` ${n.vpnProfile.name}` : ''} (Device > Device Settings > VPN > VPN Profile; 1290 is the default, try 1200), ` +
        'reset the phones, and let the ASA pass packets with the DF bit set:\n' +
        `group-policy ${groupPolicyFrom(d, n)} attributes\n webvpn\n  anyconnect mtu 1290\n  anyconnect ssl df-bit-ignore enable`,
    }),
  ),
  'tunnel-reconnect-churn': entry<ReconnectChurn>(
    'log',
    'warning',
    'The tunnel reconnects again and again',
    'Find what breaks the tunnel: dead peer detection and keepalives against NAT timeouts, Wi-Fi or mobile links, idle timeouts.',
    (d, n) =>
      d.side === 'headend'
        ? {
            message:
              `Peer ${d.peer} reconnected ${d.replaced + d.dpdTerminated} times within ${d.minutes} minute(s)` +
              ` (${d.replaced} new connections replacing the old one, 722032; ${d.dpdTerminated} sessions ended with dead peer detection, 722029 DPD Conns > 0). ` +
              (d.client === 'other'
                ? 'The peer is an AnyConnect client, not a phone (its user agent in 722055): the path between it and the headend drops the tunnel (NAT or firewall timeouts, a weak link) and it builds the tunnel again.'
                : `The path between ${d.client === 'phone' ? 'phone' : 'client'} and headend drops the tunnel (NAT or firewall timeouts, a weak link) and the ${d.client === 'phone' ? 'phone' : 'client'} builds it again${d.client === 'phone' ? '; calls drop each time' : ''}.`),
            fix:
              'Keep the tunnel alive through NAT and detect dead peers sooner:\n' +
              `group-policy ${d.groupPolicy ?? groupPolicyOf(n)} attributes\n webvpn\n  anyconnect ssl keepalive 20\n  anyconnect dpd-interval client 30\n  anyconnect dpd-interval gateway 30\n` +
              "Raise the UDP/TCP idle timeouts of the router or firewall in front of the phone, and check the phone's link (wired rather than Wi-Fi to test).",
          }
        : {
            message:
              `The phone logged in ${d.logins} times within ${d.minutes} minute(s)${d.url ? ` (${d.url})` : ''}, each time after its tunnel had come up: ` +
              'the tunnel keeps breaking and the phone builds it again.',
            fix:
              'Read the headend log for the same minutes (722032, 722029 DPD Conns): NAT or firewall timeouts in front of the phone, or a weak link, drop the tunnel. ' +
              `Shorter keepalives help through NAT: \`anyconnect ssl keepalive 20\` and \`anyconnect dpd-interval client 30\` under group-policy ${groupPolicyOf(n)} attributes / webvpn.`,
          },
  ),
  'ocserv-svc-rejected': entry<SvcRejected>(
    'log',
    'error',
    "ocserv refused the phone's /svc login",
    'Set `cisco-svc-client-compat = true` (and `udp-port = 443`) in ocserv.conf; phones log in at `/svc`.',
    (d) => {
      const why: string[] = [];
      const fix: string[] = [];
      if (d.reasons.includes('compat')) {
        why.push('a request to /svc arrived while `cisco-svc-client-compat = false`');
        fix.push(
          'In ocserv.conf set `cisco-svc-client-compat = true` and `udp-port = 443` (ocserv refuses other UDP ports with it), then restart ocserv.',
        );
      }
      if (d.reasons.includes('user-agent')) {
        why.push(
          `a client that is not a phone asked for /svc (user agent ${d.agents.map((a) => `'${a}'`).join(', ') || 'unknown'})`,
        );
        fix.push(
          'Desktop AnyConnect and OpenConnect clients use the normal login URL, not /svc: give them the URL without the path.',
        );
      }
      if (d.reasons.includes('no-username')) {
        why.push('the phone sent no username in its login (ocserv asks for user name and password)');
        fix.push(
          'With a user-name login in ocserv.conf (`auth = "plain[...]"`, RADIUS) the phones must send their credentials: choose a credentials-based Client Authentication Method in the CUCM VPN profile and enter them on the phone; for certificate login set `auth = "certificate"` in ocserv.conf.',
        );
      }
      return {
        message: `ocserv refused the /svc login: ${why.join('; ')}.${d.users.length > 0 ? ` Users: ${d.users.join(', ')}.` : ''}`,
        fix: fix.join('\n'),
      };
    },
  ),
};
