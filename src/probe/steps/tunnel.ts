// Step tunnel: CONNECT /CSCOSSLC/tunnel with the cookie and the DTLS offer; the answer sets up the tunnel.
import { randomBytes } from 'node:crypto';
import { errText, StepFailed } from '../errors.js';
import {
  buildRequest,
  cstpHeaderProblems,
  dtlsHeaderProblems,
  header,
  parseResponseHead,
  parseTunnelHeaders,
  type TunnelParams,
} from '../http.js';
import { userAgentFor } from '../login.js';
import { Tunnel } from '../tunnel.js';
import type { Target } from './config.js';
import type { LoggedIn } from './login.js';
import { fail, failIfAborted, type Outcome, passed, type Session } from './session.js';
import type { TlsSession } from './tls.js';

export interface TunnelUp {
  tunnel: Tunnel;
  params: TunnelParams;
  /** The X-DTLS-Master-Secret sent: the DTLS 0.9 session resumes from it. */
  master: Buffer;
  dtlsOffer: string[];
  /** What is wrong with the X-DTLS-* values (empty when usable or not offered): the dtls step fails on it. */
  dtlsProblems: string[];
}

export async function tunnelStep(
  s: Session,
  t: TlsSession,
  target: Target,
  auth: LoggedIn,
): Promise<Outcome<TunnelUp>> {
  const { o } = s;
  const master = randomBytes(48);
  const dtlsOffer = o.dtlsCiphers ?? [...o.model.dtlsCiphers.value];
  failIfAborted(s, 'tunnel');
  let params: TunnelParams;
  let dtlsProblems: string[];
  try {
    // A phone sends the CONNECT on the connection it logged in on; when the headend has closed it
    // there is nothing to send it on (the probe does not reconnect).
    if (t.reader.closedWith || t.tls.destroyed)
      throw new Error('the headend closed the connection after the login');
    const mtu = o.config.mtu ?? 1290;
    t.tls.write(
      buildRequest('CONNECT', '/CSCOSSLC/tunnel', [
        ['Host', target.host],
        ['User-Agent', userAgentFor(auth.style)],
        ['Cookie', `webvpn=${auth.cookie}`],
        ['X-CSTP-Version', '1'],
        ['X-CSTP-Hostname', 'vpnphone-probe'],
        ['X-CSTP-Base-MTU', String(mtu)],
        ['X-CSTP-Address-Type', 'IPv4'],
        ['X-CSTP-MTU', String(mtu)],
        ['X-DTLS-Master-Secret', master.toString('hex').toUpperCase()],
        ['X-DTLS-CipherSuite', dtlsOffer.join(':')],
      ]),
    );
    const head = parseResponseHead(await t.reader.readHead(s.stepMs, 'answer to CONNECT'));
    if (head.status !== 200) {
      const len = Number(header(head, 'Content-Length') ?? '0');
      if (len > 0) await t.reader.readExact(len, s.stepMs).catch(() => undefined);
      throw new Error(`CONNECT /CSCOSSLC/tunnel -> ${head.status} ${head.reason}`);
    }
    const problems = cstpHeaderProblems(head);
    if (problems.length > 0)
      return fail('tunnel', `the CONNECT answer is not usable: ${problems.join('; ')}`);
    dtlsProblems = dtlsHeaderProblems(head);
    params = parseTunnelHeaders(head);
  } catch (e) {
    if (e instanceof StepFailed) throw e;
    return fail('tunnel', errText(e), undefined, e);
  }
  s.facts.tunnel = {
    address: params.address,
    netmask: params.netmask,
    dns: params.dns,
    mtu: params.mtu,
    dpd: params.dpd,
    keepalive: params.keepalive,
  };
  const tunnel = new Tunnel(t.tls, t.reader);
  s.onClose(() => tunnel.disconnect().catch(() => undefined));
  if (params.dtlsCipher) s.log.vpnc('NOT', 'process_connect', `x-dtls-ciphersuite: ${params.dtlsCipher}`);
  return passed(`address ${params.address ?? '?'}/${params.netmask ?? '?'}, MTU ${params.mtu ?? '?'}`, {
    tunnel,
    params,
    master,
    dtlsOffer,
    dtlsProblems,
  });
}
