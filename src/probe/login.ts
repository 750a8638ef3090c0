// The two VPN logins (PROTOCOL.md §1): the phone's GET/POST on the URL path, and desktop aggregate auth.
import { LoginRefused } from './errors.js';
import {
  ANYCONNECT_USER_AGENT,
  aggregateInitBody,
  aggregateReplyBody,
  formEncode,
  type HttpResponseHead,
  header,
  PHONE_USER_AGENT,
  parseAggregateAnswer,
  setCookies,
} from './http.js';

/** One request/response on the headend connection. */
export type HttpExchange = (
  method: string,
  path: string,
  headers: Array<[string, string]>,
  body?: string,
) => Promise<{ head: HttpResponseHead; body: string }>;

export type LoginStyle = 'svc' | 'aggregate';

export interface LoginOptions {
  style: LoginStyle;
  host: string;
  /** The path of the configured URL (`/svc` for ocserv, the group-url path for an ASA). */
  path: string;
  /** The whole configured URL (aggregate auth's `<group-access>`). */
  url: string;
  certAuth: boolean;
  username?: string | undefined;
  password?: string | undefined;
}

export function userAgentFor(style: LoginStyle): string {
  return style === 'svc' ? PHONE_USER_AGENT : ANYCONNECT_USER_AGENT;
}

/** Logs in; resolves to the `webvpn` cookie, rejects with LoginRefused (or an I/O error). */
export async function login(http: HttpExchange, o: LoginOptions): Promise<string> {
  const path = o.path || '/';
  const common: Array<[string, string]> = [
    ['Host', o.host],
    ['User-Agent', userAgentFor(o.style)],
    ['Accept', '*/*'],
    ['X-Transcend-Version', '1'],
  ];
  if (o.style === 'svc') {
    const g = await http('GET', path, common);
    if (g.head.status !== 200) {
      const to = header(g.head, 'Location');
      throw new LoginRefused(
        `GET ${path} -> ${g.head.status} ${g.head.reason}${to ? ` (Location: ${to.slice(0, 200)})` : ''}`,
        g.head.status,
      );
    }
    const cookies: Array<[string, string]> = [...setCookies(g.head)].map(([k, v]) => ['Cookie', `${k}=${v}`]);
    // Certificate auth posts an empty body: the certificate in the handshake is the credential.
    const body = o.certAuth ? '' : formEncode({ username: o.username ?? '', password: o.password ?? '' });
    const p = await http(
      'POST',
      path,
      [...common, ...cookies, ['Content-Type', 'application/x-www-form-urlencoded']],
      body,
    );
    const got = setCookies(p.head).get('webvpn');
    if (p.head.status !== 200 || !got) {
      throw new LoginRefused(`POST ${path} -> ${p.head.status} ${p.head.reason}`, p.head.status);
    }
    return got;
  }
  const agg: Array<[string, string]> = [
    ...common,
    ['X-Aggregate-Auth', '1'],
    ['Content-Type', 'application/x-www-form-urlencoded'],
  ];
  let aggPath = path;
  let answer = await http('POST', aggPath, agg, aggregateInitBody(o.url));
  if (!setCookies(answer.head).get('webvpn') && !parseAggregateAnswer(answer.body).type && path !== '/') {
    // ocserv's /svc speaks only the phone login; its aggregate-auth handler lives at `/`.
    aggPath = '/';
    answer = await http('POST', aggPath, agg, aggregateInitBody(o.url));
  }
  let parsed = parseAggregateAnswer(answer.body);
  let got = setCookies(answer.head).get('webvpn');
  for (let round = 0; !got && parsed.type === 'auth-request' && round < 3; round++) {
    const fields: Record<string, string> = {};
    for (const name of parsed.inputs) {
      if (/pass/i.test(name)) fields[name] = o.password ?? '';
      else if (/user/i.test(name)) fields[name] = o.username ?? '';
    }
    answer = await http('POST', aggPath, agg, aggregateReplyBody(fields, parsed.opaque));
    if (answer.head.status !== 200) {
      throw new LoginRefused(`POST ${aggPath} (auth-reply) -> ${answer.head.status}`, answer.head.status);
    }
    parsed = parseAggregateAnswer(answer.body);
    got = setCookies(answer.head).get('webvpn');
  }
  if (!got) {
    const status = `${answer.head.status} ${answer.head.reason}`;
    throw new LoginRefused(
      `aggregate auth ended with ${parsed.type ?? 'no config-auth answer'} (HTTP ${status})${parsed.message ? `: ${parsed.message}` : ''}`,
    );
  }
  return got;
}
