// Step login: the phone's `/svc` GET/POST (or aggregate auth) on the TLS connection, for the webvpn cookie.
import { loginWhy } from '../../checks/probe/findings.js';
import { errText, LoginRefused } from '../errors.js';
import { buildRequest, header, parseResponseHead } from '../http.js';
import { type HttpExchange, type LoginStyle, login } from '../login.js';
import type { Target } from './config.js';
import { fail, logLoginFailed, type Outcome, passed, type Session } from './session.js';
import type { TlsSession } from './tls.js';

export interface LoggedIn {
  cookie: string;
  style: LoginStyle;
}

export async function loginStep(s: Session, t: TlsSession, target: Target): Promise<Outcome<LoggedIn>> {
  const { o } = s;
  const style = o.login ?? 'svc';
  const certAuth = o.config.authMethod === 2 || (o.config.authMethod === undefined && !o.username);
  const http: HttpExchange = async (method, path, headers, body) => {
    if (t.tls.destroyed) throw new Error('the TLS connection closed');
    t.tls.write(buildRequest(method, path, headers, body));
    const head = parseResponseHead(await t.reader.readHead(s.stepMs, `answer to ${method} ${path}`));
    const len = Number(header(head, 'Content-Length') ?? '0');
    const bodyBuf = len > 0 ? await t.reader.readExact(len, s.stepMs) : Buffer.alloc(0);
    return { head, body: bodyBuf.toString('utf8') };
  };
  let cookie: string;
  try {
    cookie = await login(http, {
      style,
      host: target.host,
      path: target.path,
      url: o.config.url,
      certAuth,
      username: o.username,
      password: o.password,
    });
  } catch (e) {
    const refused = e instanceof LoginRefused ? e : undefined;
    logLoginFailed(s);
    // The headend answered and said no: the attempt's stated cause, which reading the log back keeps
    // (an ECDHE suite before it worked, so it is no cipher problem).
    if (refused) s.log.vpnc('NOT', 'vpnc_send_notify', `notify desc: [login refused: ${refused.detail}]`);
    // No answer, an answer that is not HTTP, a head over the limit, a closed connection: the
    // headend never said no, so this is what happened, not a guess about its authentication.
    if (!refused) return fail('login', `no usable answer to the login: ${errText(e)}`, undefined, e);
    const observation = {
      kind: 'login-refused',
      status: refused.status,
      detail: refused.detail,
      certAuth,
      withCert: Boolean(o.certPem),
    } as const;
    // The step's detail says why in the same words as the finding.
    return fail('login', `${observation.detail}: ${loginWhy(observation)}`, observation, e);
  }
  s.log.vpnc('NOT', 'set_login_state', 'LOGIN: 1 (TRYING) --> 2 (SUCCESS)');
  return passed(`${style} login, ${certAuth ? 'certificate' : 'password'} auth: webvpn cookie received`, {
    cookie,
    style,
  });
}
