// The one event type every log parser emits (phone console, ASA syslog/debug, ocserv), and its kinds.

export type LogFormat = 'phone' | 'asa' | 'ocserv';
export type LogSeverity = 'error' | 'warning' | 'notice' | 'info' | 'debug';

/**
 * What a line means for the VPN. Phone-side kinds come from the phone's console log (VPNC, dnsmasq,
 * vpnAutoDetect, VpnStateHandler); `headend-*` kinds from the ASA (syslog ids, 711001 debug) or ocserv.
 */
export type EventKind =
  // phone: TLS
  | 'tls-cipher-offer' // current cipher -> LIST
  | 'tls-cipher-new' // new cipher -> LIST
  | 'tls-error' // SSL_connect / handshake failure on the TLS connection
  | 'tunnel-connect' // process_connect: the CONNECT answer arrived, so TLS and login worked
  | 'cert-rejected' // the phone refused the headend certificate (hash or host ID check)
  | 'cert-presented' // the key of the certificate the headend presented (the probe's log; fields.keyType, fields.selfSigned)
  // phone: DTLS
  | 'dtls-ciphersuite' // x-dtls-ciphersuite: LIST (the headend's DTLS offer)
  | 'dtls-cipher-list' // create_dtls_connection: cipher list: LIST
  | 'dtls-alert' // DTLS alert (fields.level fatal|warning, fields.code)
  | 'dtls-old-session-cipher'
  | 'dtls-setup-failed'
  | 'ssl-success-dtls-fail'
  | 'connect-abort' // abort_connect: in <phase> phase (fields.phase)
  // phone: login, DNS
  | 'vpn-url' // do_login: URL -> URL
  | 'url-parse-failed'
  | 'dns-failed' // gethostbyname failed <host>
  | 'dns-query'
  | 'dns-forwarded'
  | 'dns-reply'
  | 'login-state' // LOGIN: 1 (TRYING) --> 3 (FAILED) (fields.from, fields.to)
  | 'notify' // vpnc_send_notify: notify type|code|desc (fields.field, fields.code, fields.name)
  | 'vpn-active' // vpn_set_active: A -> B (fields.to)
  // phone: auto network detect
  | 'autodetect-ping' // the phone pings an address (fields.ip)
  | 'autodetect-timeout'
  | 'autodetect-reply'
  | 'vpn-enabled'
  | 'vpn-disabled'
  // headend (ASA or ocserv)
  | 'headend-tls-start' // 725001 (fields.ip: the client's address, fields.version)
  | 'headend-tls-ok'
  | 'headend-tls-failed' // 725006 (fields.ip), 725014 other than no shared cipher
  | 'headend-tls-cipher' // the TLS cipher the headend chose (fields.cipher)
  | 'headend-no-shared-cipher'
  | 'headend-client-cert-invalid'
  | 'headend-no-client-cert'
  | 'headend-auth-rejected'
  | 'headend-auth-ok'
  | 'headend-session-up'
  | 'headend-session-closing'
  | 'headend-dtls-cipher-failed'
  | 'headend-dtls-header' // X-DTLS-CipherSuite seen in 711001 debug (fields.ciphers, fields.direction)
  | 'headend-dtls-cipher' // the DTLS cipher the headend chose (fields.cipher)
  | 'headend-ec-temp-cert' // a temporary self-signed EC certificate was sent
  | 'headend-phone-client' // a Cisco IP phone client connected (user agent / CP-xxxx-SEP user; fields.user, fields.ip)
  | 'headend-other-client' // 722055 with a user agent that is not a phone's (fields.agent, fields.user, fields.ip)
  | 'headend-session-limit' // 716023 / 113029: session limit of N reached (fields.limit)
  | 'headend-pool-exhausted' // 722020 / 737019: no address left in the pool
  | 'headend-large-packet' // 722035 / 722036 (fields.direction in|out, fields.size, fields.threshold)
  | 'headend-connection-replaced' // 722032: a new SVC connection replaced the peer's old one
  | 'headend-session-terminated' // 722029: SVC session ended (fields.conns, fields.dpdConns)
  | 'headend-cert-expiry' // 717054 / 717055: a trustpoint certificate expires soon or has expired
  | 'headend-svc-rejected'; // ocserv refused a /svc (phone) login (fields.reason compat|user-agent|no-username)

export interface LogEvent {
  /** Input path (an archive member is `archive.tar.gz!path/in/archive`). */
  source: string;
  /** 1-based line where the entry starts. */
  line: number;
  /** Last physical line of the entry (> line when a wrapped line was joined back). */
  endLine: number;
  /** Milliseconds since the epoch, reading the device's clock as UTC; undefined when the line has none. */
  time: number | undefined;
  format: LogFormat;
  process: string;
  severity: LogSeverity;
  kind: EventKind;
  fields: Record<string, string>;
  /** The entry as logged; wrapped lines joined back into one. */
  text: string;
}

export const PHONE_SEVERITY: Record<string, LogSeverity> = {
  ERR: 'error',
  WRN: 'warning',
  NOT: 'notice',
  INF: 'info',
  DEB: 'debug',
};

/** Syslog severity number (0-7) to ours. */
export function syslogSeverity(n: number): LogSeverity {
  if (n <= 3) return 'error';
  if (n === 4) return 'warning';
  if (n === 5) return 'notice';
  if (n === 6) return 'info';
  return 'debug';
}

/** Cipher suites named in a colon-separated OpenSSL cipher list. */
export function cipherList(s: string): string[] {
  return s
    .split(/[:\s,]+/)
    .map((c) => c.trim())
    .filter((c) => /^[A-Z0-9][A-Z0-9-]*$/.test(c));
}

export { isEcCipher } from '../asa/ciphers.js';
