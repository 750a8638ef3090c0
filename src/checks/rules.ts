// The finding catalogue of RULES.md: stable ids (a contract — never rename), titles, default severities, fixes.
import type { Severity } from '../report/finding.js';

export interface RuleInfo {
  severity: Severity;
  title: string;
  /** A generic remedy; checks usually replace it with one that names the deployment's objects. */
  fix: string;
  kind: 'config' | 'log' | 'probe';
}

function rule(kind: RuleInfo['kind'], severity: Severity, title: string, fix: string): RuleInfo {
  return { kind, severity, title, fix };
}

export const RULES = {
  // Configuration checks
  'license-vpn-phone-disabled': rule(
    'config',
    'error',
    'AnyConnect for Cisco VPN Phone license is disabled',
    'Obtain and install a license that enables "AnyConnect for Cisco VPN Phone", then check `show version` again.',
  ),
  'undefined-reference': rule(
    'config',
    'error',
    'A name is used but never defined',
    'Define the missing object or correct the name where it is referenced.',
  ),
  'group-policy-no-ssl-client': rule(
    'config',
    'error',
    "The phones' group policy does not allow ssl-client",
    'Add `vpn-tunnel-protocol ssl-client` under the group policy attributes.',
  ),
  'webvpn-not-enabled': rule(
    'config',
    'error',
    'WebVPN is not enabled on the interface phones reach',
    'Under `webvpn`, add `enable <outside interface nameif>`.',
  ),
  'anyconnect-not-enabled': rule(
    'config',
    'error',
    'AnyConnect is not enabled',
    'Under `webvpn`, add `anyconnect enable`.',
  ),
  'group-url-missing': rule(
    'config',
    'error',
    "The phones' tunnel group has no enabled group-url",
    'Under `tunnel-group <name> webvpn-attributes`, add `group-url https://<host>/<path> enable`.',
  ),
  'group-url-mismatch': rule(
    'config',
    'error',
    'The phone VPN URL matches no enabled ASA group-url',
    'Make the CUCM VPN gateway URL and the ASA group-url the exact same text (scheme, host, path, trailing slash).',
  ),
  'auth-method-mismatch': rule(
    'config',
    'error',
    'Headend authentication disagrees with the VPN profile client authentication',
    'Use the same method on both sides: `authentication certificate` with authMethod 2, or `authentication aaa` with user/password.',
  ),
  'ssl-trustpoint-missing': rule(
    'config',
    'error',
    'No ssl trust-point for the interface phones reach',
    'Add `ssl trust-point <identity trustpoint> <outside interface>`.',
  ),
  'gateway-cert-not-trusted': rule(
    'config',
    'error',
    "The headend certificate's hash is not in the phone configuration",
    'Upload the headend certificate to CUCM as Phone-VPN-trust, add it to the VPN gateway, and reset the phones while they are inside.',
  ),
  'host-id-check-mismatch': rule(
    'config',
    'error',
    'Host ID check is on and the URL host is not in the certificate',
    'Use a URL host that equals the certificate CN or a SAN entry (no wildcards), or turn off host ID check in the VPN profile.',
  ),
  'cert-expired': rule(
    'config',
    'error',
    'The headend identity certificate has expired',
    'Enroll a new identity certificate and follow the renewal procedure (CUCM first, then `ssl trust-point`).',
  ),
  'cert-expiring': rule(
    'config',
    'warning',
    'The headend identity certificate expires soon',
    'Plan the certificate renewal procedure: new trustpoint, upload to CUCM, reset phones, then switch `ssl trust-point`.',
  ),
  'phone-ca-trustpoint-missing': rule(
    'config',
    'error',
    "No trustpoint holds the CA of the phones' certificates",
    'Create trustpoints with `crypto ca trustpoint NAME` / `enrollment terminal` / `crypto ca authenticate NAME` for the MIC chain or the CAPF certificate.',
  ),
  'ec-cipher-risk': rule(
    'config',
    'warning',
    'The headend may choose an elliptic-curve cipher phones cannot use',
    'Set `ssl cipher <version> custom "AES256-SHA:AES128-SHA:..."` without ECDHE/ECDSA suites for the TLS versions phones use and for dtlsv1.',
  ),
  'dtls-tls-cipher-mismatch': rule(
    'config',
    'error',
    'The TLS cipher phones settle on is not allowed for DTLS',
    'Allow the same cipher for TLS and DTLS (`ssl cipher dtlsv1 custom ...`).',
  ),
  'tls-version-unsupported': rule(
    'config',
    'error',
    'The headend requires a TLS version a phone model does not support',
    'Lower `ssl server-min-version` to the oldest TLS version the phones use (TLS 1.0 for 79xx/69xx/89xx/99xx).',
  ),
  'phone-model-no-vpn': rule(
    'config',
    'error',
    'A phone model has no VPN client',
    'Check Cisco Unified Reporting > Unified CM Phone Feature List for "Virtual Private Network Client"; use a model that has it.',
  ),
  'dtls-disabled': rule(
    'config',
    'info',
    'DTLS is disabled for the phones',
    'All voice runs over TCP. Remove `anyconnect ssl dtls none` once DTLS problems are solved.',
  ),
  'hostname-needs-dns': rule(
    'config',
    'info',
    'The VPN URL uses a host name',
    'Phones outside need a DNS server that resolves it; or use the IP address in the ASA group-url and the CUCM gateway URL.',
  ),
  'alternate-tftp-required': rule(
    'config',
    'info',
    'Alternate TFTP must be set on each phone',
    'On each phone, enable Alternate TFTP and enter the TFTP server address before it leaves the office.',
  ),
  'auto-network-detect-on': rule(
    'config',
    'info',
    'Auto network detect is on',
    'Make sure the TFTP address does not answer pings from outside; users cannot start the VPN by hand.',
  ),
  'vpn-profile-out-of-range': rule(
    'config',
    'error',
    'A VPN profile value is out of range',
    'Use an MTU between 256 and 1406 and a fail-to-connect time between 0 and 600 seconds.',
  ),
  'vpn-group-limits': rule(
    'config',
    'error',
    'A VPN group or gateway exceeds its limits',
    'At most 3 gateways in a VPN group and 10 certificates in a gateway or group.',
  ),
  'unrecognized-input': rule(
    'config',
    'info',
    'Input not recognized',
    'Nothing to fix; the input was not used. Check that it is the file you meant.',
  ),
  'input-rejected': rule(
    'config',
    'warning',
    'An input or archive member was refused or cut short',
    'Read the reason: a corrupt or truncated file, a link or a path leaving the archive, or a size limit. Collect the file again, or unpack it yourself and pass the files.',
  ),
  'deployment-drift': rule(
    'config',
    'warning',
    'The running configuration differs from the deployment file',
    'Apply the deployment (`vpnphone generate asa -d FILE`) or update the deployment to what runs.',
  ),
  'tls-no-shared-cipher': rule(
    'config',
    'error',
    'No TLS cipher is shared between a phone model and the headend',
    'Allow a cipher the phone offers (AES256-SHA or AES128-SHA) in `ssl cipher <version> custom ...`.',
  ),
  // Log checks
  'ec-cipher-selected': rule(
    'log',
    'error',
    'The headend chose an elliptic-curve cipher',
    'Remove EC suites with `ssl cipher tlsv1|tlsv1.1|tlsv1.2|dtlsv1 custom "AES256-SHA:AES128-SHA:..."` (CSCuu02848).',
  ),
  'dtls-old-session-cipher': rule(
    'log',
    'error',
    'DTLS failed: old session cipher not returned',
    "Allow the same non-EC cipher for TLS and DTLS; as a test, `anyconnect ssl dtls none` in the phones' group policy.",
  ),
  'dtls-cipher-mismatch': rule(
    'log',
    'error',
    'The DTLS cipher offer does not contain the TLS cipher',
    'Allow the cipher the TLS session uses for DTLS as well (`ssl cipher dtlsv1 custom ...`).',
  ),
  'dtls-failed-tls-ok': rule(
    'log',
    'warning',
    'DTLS failed; the tunnel runs over TLS only',
    'Find why DTLS failed (cipher mismatch, EC cipher, UDP 443 blocked); voice over TCP suffers under loss.',
  ),
  'dns-lookup-failed': rule(
    'log',
    'error',
    'The phone could not resolve the VPN host name',
    'Give the phone a working DNS server outside (DHCP), or use the IP address in the ASA group-url and CUCM gateway URL.',
  ),
  'vpn-not-started-tftp-reachable': rule(
    'log',
    'error',
    'The VPN stayed off because the TFTP address answered the ping',
    'Check the pinged address: it must be the internal TFTP server and must not answer from outside.',
  ),
  'vpn-auto-started': rule(
    'log',
    'info',
    'Auto network detect started the VPN',
    'Nothing to fix: the ping timed out and the VPN was enabled, as expected outside.',
  ),
  'login-failed': rule(
    'log',
    'error',
    'The VPN login failed',
    'Read the evidence lines around the failure; collect ASA `debug webvpn anyconnect 255` output for the same time.',
  ),
  'headend-cert-rejected': rule(
    'log',
    'error',
    "The phone rejected the headend's certificate",
    'Put the headend certificate in CUCM (Phone-VPN-trust, VPN gateway) and reset the phones inside; check host ID check.',
  ),
  'asa-no-shared-cipher': rule(
    'log',
    'error',
    'No cipher shared between phone and headend',
    'Allow a cipher the phone offers (AES256-SHA or AES128-SHA) in `ssl cipher` for the TLS version it uses.',
  ),
  'asa-client-cert-invalid': rule(
    'log',
    'error',
    "The phone's certificate failed validation on the headend",
    'Add trustpoints for the MIC chain of the phone model (or the CAPF certificate for LSC phones).',
  ),
  'asa-no-client-cert': rule(
    'log',
    'error',
    'The phone sent no certificate',
    'Check the VPN profile client authentication method and the phone certificate (MIC/LSC).',
  ),
  'asa-auth-rejected': rule(
    'log',
    'error',
    'The headend rejected the authentication',
    'Check the user name and password, or the certificate mapping of the tunnel group.',
  ),
  'asa-dtls-cipher-failed': rule(
    'log',
    'error',
    'The headend could not negotiate a DTLS cipher',
    'Allow a phone DTLS cipher (AES256-SHA, AES128-SHA) in `ssl cipher dtlsv1 custom ...`.',
  ),
  // Probe
  'probe-step-failed': rule(
    'probe',
    'error',
    'A probe step failed',
    'Read the step and the error; run again with a longer timeout if the network is slow.',
  ),
} as const satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof RULES;

export function isRuleId(s: string): s is RuleId {
  return Object.hasOwn(RULES, s);
}
