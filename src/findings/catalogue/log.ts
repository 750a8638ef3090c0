// The log findings of RULES.md (second table): each id's data and its wording, naming the deployment's objects.
import { entry } from '../entry.js';
import {
  gatewaysOf,
  groupPolicyOf,
  identityTrustpointOf,
  isOcserv,
  type ObjectNames,
  outsideOf,
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
        fix: `Allow the same non-EC cipher for TLS and DTLS:\n${sslCipherLines(n)}\n${test}`,
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
        `Allow the TLS cipher for DTLS as well (same cipher for TLS and DTLS):\n${sslCipherLines(n)}\n` +
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
  'headend-cert-rejected': entry<{ hostId: boolean }>(
    'log',
    'error',
    "The phone rejected the headend's certificate",
    'Put the headend certificate in CUCM (Phone-VPN-trust, VPN gateway) and reset the phones inside; check host ID check.',
    (d, n) => ({
      message:
        "The phone refused the headend's certificate" +
        (d.hostId
          ? ': the host ID check failed.'
          : ': its hash is not one of the certHash values in the phone configuration (a renewed certificate that never reached CUCM?).'),
      fix: d.hostId
        ? 'Use a VPN URL host that equals the certificate CN or a SAN entry (no wildcards), or turn off Enable Host ID Check in the CUCM VPN profile.'
        : `The certificate the headend presents (ssl trust-point ${identityTrustpointOf(n)} ${outsideOf(n)}) must be in CUCM: upload it as Phone-VPN-trust, ` +
          `add it to VPN gateway ${gatewaysOf(n)}, and reset the phones while they are inside. After a renewal that skipped CUCM, ` +
          'either switch `ssl trust-point` back to the old certificate while it is still valid, or bring the phones inside to download the new hash.',
    }),
  ),
  'asa-no-shared-cipher': entry<HeadendEvent>(
    'log',
    'error',
    'No cipher shared between phone and headend',
    'Allow a cipher the phone offers (AES256-SHA or AES128-SHA) in `ssl cipher` for the TLS version it uses.',
    (d, n) => ({
      message: `${headendName(d)} found no cipher shared with the client: its cipher lists allow none the phone offers.${users(d)}`,
      fix: `Allow a cipher the phones offer (AES256-SHA, AES128-SHA) for the TLS versions they use:\n${sslCipherLines(n)}`,
    }),
  ),
  'asa-client-cert-invalid': entry<HeadendEvent>(
    'log',
    'error',
    "The phone's certificate failed validation on the headend",
    'Add trustpoints for the MIC chain of the phone model (or the CAPF certificate for LSC phones).',
    (d, n) => {
      const message = `${headendName(d)} could not validate the phone's certificate: no trustpoint holds the CA that issued it (MIC chain or CAPF).${users(d)}`;
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
        message: `${headendName(d)} received no certificate from the client.${users(d)}`,
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
      message: `${headendName(d)} could not negotiate a DTLS cipher with the phone; the tunnel fell back to TLS.${users(d)}`,
      fix: `Allow a phone DTLS cipher (AES256-SHA, AES128-SHA), the same as the TLS one:\n${sslCipherLines(n, true)}`,
    }),
  ),
};
