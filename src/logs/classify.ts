// What a VPN-related log line means: text → event kind and fields, for phone, ASA and ocserv lines.
// Each classifier is called only after a cheap substring prefilter, so its regexes run on few lines.
import { cipherList, type EventKind } from './event.js';

export interface Classified {
  kind: EventKind;
  fields: Record<string, string>;
}

function c(kind: EventKind, fields: Record<string, string> = {}): Classified {
  return { kind, fields };
}

const CERT_REJECTED =
  /cert(?:ificate)?[ _-]?hash.{0,40}(?:mismatch|not match|no match|fail|not found|invalid)|host ?id.{0,30}(?:check )?(?:fail|mismatch|not match)|(?:server|peer|gateway) cert(?:ificate)?.{0,40}(?:not trusted|untrusted|reject|fail|invalid)|cert(?:ificate)? (?:verify|verification|validation) (?:failed|error)|certificate verify failed|\[(?:Server)?Cert\w*Err\]|untrusted (?:server )?cert/i;

/** Text after the process name of a phone line whose process is VPNC (or mentions it). */
export function classifyVpnc(t: string): Classified | undefined {
  let i = t.indexOf('new cipher ->');
  if (i >= 0) return c('tls-cipher-new', { ciphers: cipherList(t.slice(i + 13)).join(':') });
  i = t.indexOf('current cipher ->');
  if (i >= 0) return c('tls-cipher-offer', { ciphers: cipherList(t.slice(i + 17)).join(':') });
  i = t.toLowerCase().indexOf('x-dtls-ciphersuite:');
  if (i >= 0) return c('dtls-ciphersuite', { ciphers: cipherList(t.slice(i + 19)).join(':') });
  if (t.includes('old session cipher not returned')) return c('dtls-old-session-cipher');
  i = t.indexOf('cipher list:');
  if (i >= 0) return c('dtls-cipher-list', { ciphers: cipherList(t.slice(i + 12)).join(':') });
  if (t.includes('SSL success DTLS fail')) return c('ssl-success-dtls-fail');
  // Bounded: an unbounded `\S*` after each `DTLS` of one long token is quadratic (a fuzz finding).
  if (/DTLS\S{0,64} (?:write|read)?:? ?alert/i.test(t) || t.includes('alert_err')) {
    const code = /code (\d+)/.exec(t)?.[1];
    const level = /\bfatal\b|alert: code|alert_err/i.test(t) ? 'fatal' : 'warning';
    const m = /alert:\s*(?:fatal|warning):\s*(.+)$|code \d+,\s*(.+)$/.exec(t);
    return c('dtls-alert', { level, ...(code ? { code } : {}), desc: (m?.[1] ?? m?.[2] ?? '').trim() });
  }
  i = t.indexOf('abort_connect:');
  if (i >= 0) {
    const phase = /in (.+?) phase/.exec(t)?.[1] ?? t.slice(i + 14).trim();
    return c('connect-abort', { phase });
  }
  if (/DTLS setup failure|create_dtls_connection failed|do_dtls_connect failed/.test(t))
    return c('dtls-setup-failed');
  i = t.indexOf('gethostbyname failed');
  if (i >= 0) return c('dns-failed', { host: /<([^>]*)>/.exec(t)?.[1] ?? t.slice(i + 20).trim() });
  if (t.includes('parse URL failed')) return c('url-parse-failed', { url: /->\s*(\S+)/.exec(t)?.[1] ?? '' });
  i = t.indexOf('URL ->');
  if (i >= 0)
    return c('vpn-url', {
      url:
        t
          .slice(i + 6)
          .trim()
          .split(/\s+/)[0] ?? '',
    });
  if (t.includes('LOGIN:')) {
    const m = /LOGIN:\s*\d+\s*\((\w+)\)\s*-->\s*\d+\s*\((\w+)\)/.exec(t);
    if (m) return c('login-state', { from: m[1]!, to: m[2]! });
  }
  const n = /notify (type|code|desc):\s*(?:(\d+)\s*)?\[([^\]]*)\]/.exec(t);
  if (n) return c('notify', { field: n[1]!, code: n[2] ?? '', name: n[3]! });
  const a = /vpn_set_active:\s*(\S+)\s*->\s*(\S+)/.exec(t);
  if (a) return c('vpn-active', { from: a[1]!, to: a[2]! });
  const k = /server certificate: (RSA|EC|DSA|Ed25519|Ed448)\w* key(, self-signed)?/.exec(t);
  if (k) return c('cert-presented', { keyType: k[1]!, selfSigned: k[2] ? 'yes' : 'no' });
  // The probe's statement after a handshake failure alert (a phone logs only the alert).
  if (t.includes('no shared cipher')) return c('headend-no-shared-cipher');
  if (CERT_REJECTED.test(t)) {
    const reason = /host ?id/i.test(t) ? 'host-id' : /hash/i.test(t) ? 'hash' : 'verify';
    return c('cert-rejected', { reason });
  }
  if (
    !t.includes('DTLS') &&
    /(?:SSL_connect|handshake).{0,40}(?:fail|error|ret -1)|SSL_ERROR|ssl3_get|tls_process/i.test(t)
  )
    return c('tls-error');
  if (t.includes('process_connect')) return c('tunnel-connect');
  return undefined;
}

/** dnsmasq lines in the phone log. */
export function classifyDnsmasq(t: string): Classified | undefined {
  let m = /query\[(\w+)\]\s+(\S+)/.exec(t);
  if (m) return c('dns-query', { type: m[1]!, host: m[2]! });
  m = /forwarded\s+(\S+)\s+to\s+(\S+)/.exec(t);
  if (m) return c('dns-forwarded', { host: m[1]!, server: m[2]! });
  m = /(?:reply|cached|config)\s+(\S+)\s+is\s+(\S+)/.exec(t);
  if (m) return c('dns-reply', { host: m[1]!, answer: m[2]! });
  return undefined;
}

const IPV4 = /\b(\d{1,3}(?:\.\d{1,3}){3})\b/;

/** JAVA-vpnAutoDetect lines: which address was pinged, and did it answer. */
export function classifyAutoDetect(t: string): Classified | undefined {
  const ip = IPV4.exec(t)?.[1];
  const f = ip ? { ip } : {};
  if (/time ?out|timed out|no (?:reply|response|answer)|unreachable|not reachable|fail/i.test(t))
    return c('autodetect-timeout', f);
  if (/succe|\bok\b|reply|respon|answer|alive|reachable|\brtt\b/i.test(t)) return c('autodetect-reply', f);
  if (/ping/i.test(t)) return c('autodetect-ping', f);
  return undefined;
}

/** VpnStateHandler lines. */
export function classifyVpnState(t: string): Classified | undefined {
  if (/VPN_ENABLED/i.test(t)) return c('vpn-enabled');
  if (/VPN_DISABLED|VPN_OFF/i.test(t)) return c('vpn-disabled');
  return undefined;
}

/** ASA syslog ids the checks and the timeline use. */
export const ASA_IDS = new Set([
  '113004',
  '113005',
  '113029',
  '711001',
  '716001',
  '716023',
  '716039',
  '717009',
  '717027',
  '717054',
  '717055',
  '722020',
  '722022',
  '722029',
  '722032',
  '722035',
  '722036',
  '722037',
  '722043',
  '722055',
  '725001',
  '725002',
  '725006',
  '725014',
  '725017',
  '737019',
]);

/** The kinds an ASA id can give (undefined: depends on the text), to skip unwanted lines early. */
export const ASA_KIND_HINT: Record<string, readonly EventKind[] | undefined> = {
  '113004': ['headend-auth-ok'],
  '113005': ['headend-auth-rejected'],
  '113029': ['headend-session-limit'],
  '716023': ['headend-session-limit'],
  '717054': ['headend-cert-expiry'],
  '717055': ['headend-cert-expiry'],
  '722020': ['headend-pool-exhausted'],
  '722029': ['headend-session-terminated'],
  '722032': ['headend-connection-replaced'],
  '722035': ['headend-large-packet'],
  '722036': ['headend-large-packet'],
  '737019': ['headend-pool-exhausted'],
  '716001': ['headend-auth-ok'],
  '716039': ['headend-auth-rejected'],
  '717009': ['headend-client-cert-invalid'],
  '717027': ['headend-client-cert-invalid'],
  '722022': ['headend-session-up'],
  '722037': ['headend-session-closing'],
  '722043': ['headend-dtls-cipher-failed'],
  '722055': ['headend-phone-client', 'headend-other-client'],
  '725001': ['headend-tls-start'],
  '725002': ['headend-tls-ok'],
  '725006': ['headend-tls-failed'],
  '725014': ['headend-no-shared-cipher', 'headend-tls-failed'],
  '725017': ['headend-no-client-cert'],
};

export function classifyAsa(id: string, t: string): Classified | undefined {
  switch (id) {
    case '725001':
      return c('headend-tls-start', tlsFields(t, true));
    case '725002':
      return c('headend-tls-ok', tlsFields(t, true));
    case '725006':
      return c('headend-tls-failed', tlsFields(t, false));
    case '725014':
      return /no shared cipher/i.test(t) ? c('headend-no-shared-cipher') : c('headend-tls-failed');
    case '725017':
      return c('headend-no-client-cert', tlsFields(t, false));
    case '717009':
    case '717027':
      return c('headend-client-cert-invalid');
    case '716039':
      return c('headend-auth-rejected', user(t));
    case '113005':
      return c('headend-auth-rejected', aaaFields(t));
    case '113004':
      return c('headend-auth-ok', aaaFields(t));
    case '716001':
      return c('headend-auth-ok', peer(t));
    case '722022': {
      const f = peer(t);
      f.transport = /\b(TCP|UDP)\b/.exec(t)?.[1] ?? '';
      return c('headend-session-up', f);
    }
    case '722037':
      return c('headend-session-closing', user(t));
    case '722043':
      return /cipher/i.test(t) ? c('headend-dtls-cipher-failed', user(t)) : undefined;
    case '722055':
      return clientType(t);
    case '113029':
    case '716023': {
      const limit = /session limit of (\d+)/i.exec(t)?.[1];
      if (limit === undefined) return undefined;
      const f = peer(t);
      f.limit = limit;
      return c('headend-session-limit', f);
    }
    case '722020':
      return /no address available/i.test(t) ? c('headend-pool-exhausted', peer(t)) : undefined;
    case '737019':
      return /unable to get (?:an? )?(?:IPv[46] )?address/i.test(t)
        ? c('headend-pool-exhausted', peer(t))
        : undefined;
    case '722035':
    case '722036': {
      const m = /large packet (?:of )?(\d+)(?:\s*bytes)?\s*\(threshold (\d+)\)/i.exec(t);
      const f = peer(t);
      f.direction = id === '722035' ? 'in' : 'out';
      if (m) {
        f.size = m[1]!;
        f.threshold = m[2]!;
      }
      return c('headend-large-packet', f);
    }
    case '722032':
      return /replacing old connection/i.test(t) ? c('headend-connection-replaced', peer(t)) : undefined;
    case '722029': {
      const m = /\bConns:\s*(\d+),\s*DPD Conns:\s*(\d+)/i.exec(t);
      if (!m) return undefined;
      const f = peer(t);
      f.conns = m[1]!;
      f.dpdConns = m[2]!;
      return c('headend-session-terminated', f);
    }
    case '717054':
    case '717055':
      return certExpiry(id, t);
    case '711001':
      return classifyAsaDebug(t);
    default:
      return undefined;
  }
}

/** Substrings that make a debug line worth a regex (the `debug webvpn anyconnect` / `debug crypto ca` output). */
export function asaDebugCandidate(t: string): boolean {
  return (
    t.includes('X-DTLS-CipherSuite') ||
    t.includes('CRYPTO_PKI') ||
    t.includes('emporary') ||
    t.includes('IPPhone') ||
    t.includes('no shared cipher')
  );
}

export function classifyAsaDebug(t: string): Classified | undefined {
  const i = t.indexOf('X-DTLS-CipherSuite');
  if (i >= 0) {
    const ciphers = cipherList(t.slice(i + 19).replace(/'.*$/, '')).join(':');
    return c('headend-dtls-header', {
      ciphers,
      direction: /Processing|input|received/i.test(t) ? 'in' : 'out',
    });
  }
  if (/temporary/i.test(t) && /\bEC(?:DSA)?\b|elliptic/i.test(t)) return c('headend-ec-temp-cert');
  if (
    /CRYPTO_PKI/.test(t) &&
    /validation: Failed|verify.{0,40}fail|Invalid cert|No suitable trustpoint|unable to (?:get|verify)/i.test(
      t,
    )
  )
    return c('headend-client-cert-invalid');
  if (/no shared cipher/i.test(t)) return c('headend-no-shared-cipher');
  if (/IPPhone/.test(t)) return c('headend-phone-client');
  return undefined;
}

/**
 * `Group <g> User <u> IP <a>` (or `TunnelGroup <t> GroupPolicy <g> ...`): who the line is about. The messages
 * guide writes the names without the angle brackets the ASA logs; both are read.
 */
function peer(t: string): Record<string, string> {
  const f: Record<string, string> = user(t);
  const tg = /TunnelGroup\s*(?:<([^>]*)>|([^\s<]+))/.exec(t);
  const gp = /\b(?:GroupPolicy|Group)\s*(?:<([^>]*)>|([^\s<=]+))/.exec(t);
  const ip = /\bIP\s*<([^>]*)>/.exec(t)?.[1] ?? /\bIP\s+(\d{1,3}(?:\.\d{1,3}){3})\b/.exec(t)?.[1];
  const tgName = tg?.[1] ?? tg?.[2];
  const gpName = gp?.[1] ?? gp?.[2];
  if (tgName) f.tunnelGroup = tgName;
  if (gpName) f.groupPolicy = gpName;
  if (ip) f.ip = ip;
  return f;
}

/** 717054 / 717055: `The <type> certificate in the trustpoint <tp> is due to expire in N days` / `has expired`. */
function certExpiry(id: string, t: string): Classified | undefined {
  const m =
    /The (.+?) certificate in the trustpoint (\S+?)[,.]? (?:is due to expire in (\d+) days?|has expired)/i.exec(
      t,
    );
  if (!m) return undefined;
  const f: Record<string, string> = {
    certType: m[1]!,
    trustpoint: m[2]!,
    state: id === '717055' ? 'expired' : 'expiring',
  };
  if (m[3] !== undefined) f.days = m[3];
  const exp = /Expiration\s*:?\s*(.+?)\s*(?:,\s*)?Subject Name/i.exec(t)?.[1];
  if (exp) f.expiration = exp;
  const subj = /Subject Name\s*:?\s*(.+?)\s*(?:,\s*)?Issuer Name/i.exec(t)?.[1];
  if (subj) f.subject = subj;
  return c('headend-cert-expiry', f);
}

/**
 * 722055 `Group <g> User <u> IP <a> Client Type: <user agent>`: a phone (`Cisco SVC IPPhone Client v1.0`, or a
 * phone certificate's user name) or another AnyConnect client (`Cisco AnyConnect VPN Agent for Windows 4.10`).
 */
function clientType(t: string): Classified | undefined {
  const i = t.indexOf('Client Type:');
  if (i < 0) return undefined;
  const agent = t.slice(i + 12).trim();
  const f = peer(t.slice(0, i));
  f.agent = agent;
  const phone =
    /IPPhone|IP Phone|VPN Phone/i.test(agent) || (f.user !== undefined && /^CP-\w+-SEP/i.test(f.user));
  return c(phone ? 'headend-phone-client' : 'headend-other-client', f);
}

const TLS_CLIENT = /\bwith client [^:\s]+\s?:\s?(\S+?)\/\d+/;
const TLS_VERSION = /for (\S+) session/;

/**
 * 725001/725002/725006/725017: the TLS version (`for TLSv1.2 session`, when `version`), then the client's
 * address (`... with client outside:203.0.113.5/51234 ...`), in that order.
 */
function tlsFields(t: string, version: boolean): Record<string, string> {
  const f: Record<string, string> = {};
  if (version) {
    const v = TLS_VERSION.exec(t)?.[1];
    if (v) f.version = v;
  }
  const m = TLS_CLIENT.exec(t);
  if (m) f.ip = m[1]!;
  return f;
}

/**
 * The fields of an ASA AAA message (113004, 113005): `AAA user authorization Rejected : reason = X :
 * server = 10.1.1.1 : user = bob : user IP = 10.2.2.2`, split at ` : ` (no pattern over the line).
 * `stage` is authentication or authorization; a user the ASA masks (`*****`) or does not know (`<Unknown>`)
 * is left out.
 */
export function aaaFields(t: string): Record<string, string> {
  const out: Record<string, string> = {};
  const parts = t.split(' : ');
  const head = (parts[0] ?? '').toLowerCase();
  if (head.includes('authorization')) out['stage'] = 'authorization';
  else if (head.includes('authentication')) out['stage'] = 'authentication';
  for (const part of parts.slice(1)) {
    const eq = part.indexOf(' = ');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 3).trim();
    if (value === '') continue;
    if (key === 'user' && !isPlaceholderUser(value)) out['user'] = value;
    else if (key === 'user ip') out['ip'] = value;
    else if (key === 'reason' || key === 'server') out[key] = value;
  }
  return out;
}

/**
 * Whether a user field names nobody: the ASA masks failed logins' users by default (`*****`), and writes
 * `<Unknown>` where it has no name (an authorization refused before a user was known).
 */
function isPlaceholderUser(value: string): boolean {
  return /^(?:\*+|<?unknown>?|\(unknown\)|<?none>?|\(none\))$/i.test(value);
}

/** The user a line names; one the ASA masks (`User <*****>`, failed logins by default) is left out. */
function user(t: string): Record<string, string> {
  const m = /(?:User|user|Username|username)\s*[<=' ]\s*<?'?([^>'\s,]+)/.exec(t);
  return m && !isPlaceholderUser(m[1]!) ? { user: m[1]! } : {};
}

/** ocserv main/worker/sec-mod messages. */
export function ocservCandidate(t: string): boolean {
  return /cert|cipher|handshake|auth|DTLS|logged|fail|reject|\/svc|username field/i.test(t);
}

export function classifyOcserv(t: string): Classified | undefined {
  const u = /user '([^']+)'|\[([^\]]+)\]/.exec(t);
  const uf: Record<string, string> = u ? { user: (u[1] ?? u[2])! } : {};
  if (/request to \/svc but cisco-svc-client-compat\s*=\s*false/i.test(t))
    return c('headend-svc-rejected', { ...uf, reason: 'compat' });
  const a = /unexpected \/svc user-agent of '([^']*)'/i.exec(t);
  if (a) return c('headend-svc-rejected', { ...uf, reason: 'user-agent', agent: a[1]! });
  if (/no username field in body/i.test(t))
    return c('headend-svc-rejected', { ...uf, reason: 'no-username' });
  if (
    /no shared cipher|could not negotiate a supported cipher|no supported cipher suites|no cipher suites in common|insufficient security/i.test(
      t,
    )
  )
    return c('headend-no-shared-cipher', uf);
  if (
    /no certificate (?:was )?(?:provided|received|presented|sent)|presented no certificate|did not (?:send|provide|present) a certificate|no client certificate/i.test(
      t,
    )
  )
    return c('headend-no-client-cert', uf);
  if (
    /certificate (?:verification|validation) (?:failed|error)|not trusted|issuer is unknown|could not verify (?:the )?(?:client )?certificate|error verifying (?:client )?certificate|certificate verify failed/i.test(
      t,
    )
  )
    return c('headend-client-cert-invalid', uf);
  if (
    /DTLS/.test(t) &&
    /cipher/i.test(t) &&
    /fail|could not|unable|no (?:suitable|common|DTLS)|not supported/i.test(t)
  )
    return c('headend-dtls-cipher-failed', uf);
  if (/fail(?:ed)? auth|auth\w* (?:fail|reject)|authentication error|login failed/i.test(t))
    return c('headend-auth-rejected', uf);
  if (/error in TLS handshake|TLS handshake (?:error|fail)|handshake failed/i.test(t))
    return c('headend-tls-failed', uf);
  if (/TLS handshake completed/.test(t)) return c('headend-tls-ok', uf);
  let m =
    /DTLS cipher(?:suite)?(?:\s+selected)?:?\s+'?([A-Z0-9][\w()-]*)/i.exec(t) ??
    /selected DTLS cipher(?:suite)?:?\s+'?(\S+)/i.exec(t);
  if (m) return c('headend-dtls-cipher', { ...uf, cipher: m[1]!.replace(/'$/, '') });
  m = /TLS cipher(?:suite)?:?\s+'?(\S+)/i.exec(t);
  if (m) return c('headend-tls-cipher', { ...uf, cipher: m[1]!.replace(/'$/, '') });
  if (/auth(?:entication)? complete|user logged in|authenticated/i.test(t)) {
    return c('headend-auth-ok', /CP-\d+-SEP|IPPhone/i.test(t) ? { ...uf, phone: 'yes' } : uf);
  }
  return undefined;
}
