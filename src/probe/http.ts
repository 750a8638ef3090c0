// The few HTTP/1.1 messages a phone exchanges with the headend, as pure text builders and parsers.
import { getCiphers } from 'node:tls';
import { xmlEscape } from '../cucm/xml.js';
import { HttpParseError } from './errors.js';

export interface HttpResponseHead {
  version: string;
  status: number;
  reason: string;
  /** Header lines in order, names as sent. */
  headers: Array<[string, string]>;
}

/** Parses the status line and headers (the text before the blank line). */
export function parseResponseHead(text: string): HttpResponseHead {
  const lines = text.split(/\r?\n/);
  const first = lines.shift() ?? '';
  const m = /^(HTTP\/\d\.\d) (\d{3})(?: (.*))?$/.exec(first);
  if (!m) {
    const shown = JSON.stringify(first.slice(0, 60));
    throw new HttpParseError(`not an HTTP response: ${shown}`);
  }
  const headers: Array<[string, string]> = [];
  for (const line of lines) {
    if (line === '') continue;
    const i = line.indexOf(':');
    if (i <= 0) throw new HttpParseError(`bad header line: ${JSON.stringify(line.slice(0, 60))}`);
    headers.push([line.slice(0, i).trim(), line.slice(i + 1).trim()]);
  }
  return { version: m[1]!, status: Number(m[2]), reason: m[3] ?? '', headers };
}

export function header(h: HttpResponseHead, name: string): string | undefined {
  const n = name.toLowerCase();
  return h.headers.find(([k]) => k.toLowerCase() === n)?.[1];
}

/** Cookies set by the response (`Set-Cookie: name=value; ...`), last one wins. */
export function setCookies(h: HttpResponseHead): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of h.headers) {
    if (k.toLowerCase() !== 'set-cookie') continue;
    const pair = v.split(';')[0] ?? '';
    const i = pair.indexOf('=');
    if (i > 0) out.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
  }
  return out;
}

export function buildRequest(
  method: string,
  path: string,
  headers: Array<[string, string]>,
  body?: string,
): string {
  const lines = [`${method} ${path} HTTP/1.1`, ...headers.map(([k, v]) => `${k}: ${v}`)];
  if (body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body ?? ''}`;
}

/** The phone's User-Agent (ocserv's README-cisco-svc.md; the `/svc` handler keys on it). */
export const PHONE_USER_AGENT = 'Cisco SVC IPPhone Client v1.0 (1.0)';

/** Desktop AnyConnect's User-Agent, for the aggregate-auth login (ocserv routes phone agents to `/svc`). */
export const ANYCONNECT_USER_AGENT = 'AnyConnect Linux_64 4.10.07061';

export function formEncode(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

/** The aggregate-auth `init` request desktop AnyConnect sends (PROTOCOL.md §1). */
export function aggregateInitBody(groupUrl: string, deviceId = 'linux-64'): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<config-auth client="vpn" type="init" aggregate-auth-version="2">\n' +
    '<version who="vpn">4.10.07061</version>\n' +
    `<device-id>${xmlEscape(deviceId)}</device-id>\n` +
    `<group-access>${xmlEscape(groupUrl)}</group-access>\n` +
    '</config-auth>\n'
  );
}

export function aggregateReplyBody(fields: Record<string, string>, opaque: string | undefined): string {
  const auth = Object.entries(fields)
    .map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<config-auth client="vpn" type="auth-reply" aggregate-auth-version="2">\n' +
    '<version who="vpn">4.10.07061</version>\n<device-id>linux-64</device-id>\n' +
    (opaque ?? '') +
    `<auth>${auth}</auth>\n</config-auth>\n`
  );
}

export interface AggregateAnswer {
  type: string | undefined;
  authId: string | undefined;
  /** Input names of an auth-request form (username, password, ...). */
  inputs: string[];
  /** The `<opaque>` element to echo back, verbatim. */
  opaque: string | undefined;
  message: string | undefined;
}

/** The parts of a `<config-auth>` answer the probe acts on. */
export function parseAggregateAnswer(xml: string): AggregateAnswer {
  const type = /<config-auth\b[^>]*\btype="([^"]*)"/.exec(xml)?.[1];
  const authId = /<auth\b[^>]*\bid="([^"]*)"/.exec(xml)?.[1];
  const inputs = [...xml.matchAll(/<input\b[^>]*\bname="([^"]*)"/g)].map((m) => m[1]!);
  const opaque = /<opaque\b[\s\S]*?<\/opaque>/.exec(xml)?.[0];
  const message = /<(?:message|error)\b[^>]*>([\s\S]*?)<\/(?:message|error)>/.exec(xml)?.[1]?.trim();
  return { type, authId, inputs, opaque, message };
}

export interface TunnelParams {
  address: string | undefined;
  netmask: string | undefined;
  dns: string[];
  mtu: number | undefined;
  dpd: number | undefined;
  keepalive: number | undefined;
  idleTimeout: number | undefined;
  dtlsPort: number | undefined;
  dtlsSessionId: string | undefined;
  dtlsCipher: string | undefined;
  dtlsDpd: number | undefined;
  dtlsKeepalive: number | undefined;
  dtlsMtu: number | undefined;
}

function num(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** The X-CSTP-* and X-DTLS-* headers of `200 CONNECTED` (PROTOCOL.md §2). */
export function parseTunnelHeaders(h: HttpResponseHead): TunnelParams {
  const all = (name: string) =>
    h.headers.filter(([k]) => k.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
  return {
    address: header(h, 'X-CSTP-Address'),
    netmask: header(h, 'X-CSTP-Netmask'),
    dns: all('X-CSTP-DNS'),
    mtu: num(header(h, 'X-CSTP-MTU')),
    dpd: num(header(h, 'X-CSTP-DPD')),
    keepalive: num(header(h, 'X-CSTP-Keepalive')),
    idleTimeout: num(header(h, 'X-CSTP-Idle-Timeout')),
    dtlsPort: num(header(h, 'X-DTLS-Port')),
    dtlsSessionId: header(h, 'X-DTLS-Session-ID'),
    dtlsCipher: header(h, 'X-DTLS-CipherSuite'),
    dtlsDpd: num(header(h, 'X-DTLS-DPD')),
    dtlsKeepalive: num(header(h, 'X-DTLS-Keepalive')),
    dtlsMtu: num(header(h, 'X-DTLS-MTU')),
  };
}

/** What the probe accepts as a tunnel MTU (X-CSTP-MTU, X-DTLS-MTU): the phone's own floor to Ethernet's. */
export const TUNNEL_MTU_RANGE = [256, 1500] as const;

/**
 * Cipher suite names the probe knows: the legacy DTLS 0.9 ones and every suite this Node's OpenSSL
 * names. A known suite the phone cannot use goes on to the dtls step's own finding; only a name
 * that is no cipher suite at all is refused here.
 */
const KNOWN_DTLS_CIPHERS = new Set([
  'AES256-SHA',
  'AES128-SHA',
  'DES-CBC3-SHA',
  'DES-CBC-SHA',
  'PSK-NEGOTIATE',
  ...getCiphers().map((c) => c.toUpperCase()),
]);

const isIpv4 = (v: string): boolean =>
  /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(v) && v.split('.').every((x) => Number(x) <= 255);

function integerProblem(name: string, v: string | undefined, min: number, max: number): string | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  if (!/^\d{1,6}$/.test(t) || Number(t) < min || Number(t) > max)
    return `${name} ${JSON.stringify(v.slice(0, 40))} is not an integer from ${min} to ${max}`;
  return undefined;
}

/**
 * Every X-CSTP-* value of `200 CONNECTED` the tunnel depends on, checked: an address (IPv4, as the
 * probe asks), a valid netmask, the MTU in range, timers as whole seconds. Empty when usable.
 */
export function cstpHeaderProblems(h: HttpResponseHead): string[] {
  const problems: string[] = [];
  const address = header(h, 'X-CSTP-Address');
  if (address === undefined) problems.push('no X-CSTP-Address (the phone gets no tunnel address)');
  else if (!isIpv4(address.trim()))
    problems.push(`X-CSTP-Address ${JSON.stringify(address.slice(0, 60))} is not an IPv4 address`);
  const netmask = header(h, 'X-CSTP-Netmask');
  if (netmask !== undefined && !isIpv4(netmask.trim()))
    problems.push(`X-CSTP-Netmask ${JSON.stringify(netmask.slice(0, 60))} is not an IPv4 netmask`);
  const [lo, hi] = TUNNEL_MTU_RANGE;
  for (const p of [
    integerProblem('X-CSTP-MTU', header(h, 'X-CSTP-MTU'), lo, hi),
    integerProblem('X-CSTP-DPD', header(h, 'X-CSTP-DPD'), 0, 86_400),
    integerProblem('X-CSTP-Keepalive', header(h, 'X-CSTP-Keepalive'), 0, 86_400),
  ])
    if (p) problems.push(p);
  return problems;
}

/**
 * The X-DTLS-* values when DTLS is offered: the port an integer 1-65535, the session id 64 hex
 * digits, a cipher suite a phone knows, the MTU in range. Empty when usable or not offered.
 */
export function dtlsHeaderProblems(h: HttpResponseHead): string[] {
  const port = header(h, 'X-DTLS-Port');
  const sid = header(h, 'X-DTLS-Session-ID');
  const cipher = header(h, 'X-DTLS-CipherSuite');
  if (port === undefined && sid === undefined && cipher === undefined) return [];
  const problems: string[] = [];
  const portProblem = integerProblem('X-DTLS-Port', port ?? '', 1, 65_535);
  if (port === undefined) problems.push('no X-DTLS-Port');
  else if (portProblem) problems.push(portProblem);
  if (sid === undefined) problems.push('no X-DTLS-Session-ID');
  else if (!/^[0-9A-Fa-f]{64}$/.test(sid.trim()))
    problems.push(`X-DTLS-Session-ID ${JSON.stringify(sid.slice(0, 80))} is not 64 hex digits`);
  if (cipher === undefined) problems.push('no X-DTLS-CipherSuite');
  else if (!KNOWN_DTLS_CIPHERS.has(cipher.trim()))
    problems.push(`X-DTLS-CipherSuite ${JSON.stringify(cipher.slice(0, 60))} is no DTLS 0.9 cipher suite`);
  const [lo, hi] = TUNNEL_MTU_RANGE;
  const mtu = integerProblem('X-DTLS-MTU', header(h, 'X-DTLS-MTU'), lo, hi);
  if (mtu) problems.push(mtu);
  return problems;
}
