// Step dtls: the legacy Cisco DTLS 0.9 channel resumed from the CONNECT's master secret and session id.

import { alertName, DTLS09_SUITES } from '../dtls09.js';
import { Dtls09Error, errText } from '../errors.js';
import { isOldSessionCipher, phoneSslConnectText } from '../openssl-errors.js';
import { fail, failedGoingOn, type Outcome, passed, type Session, skipped } from './session.js';
import type { TunnelUp } from './tunnel.js';

/**
 * A DTLS failure leaves the tunnel on TLS: the probe goes on. Resolves to whether DTLS was wanted.
 * The connect time ends here: DTLS up (or given up), which is when a phone's voice path is settled.
 */
export async function dtlsStep(
  s: Session,
  up: TunnelUp,
  tlsCipher: string,
  address: string,
): Promise<Outcome<boolean>> {
  const outcome = await dtlsHandshake(s, up, tlsCipher, address);
  s.facts.connectMs = Math.round(performance.now() - s.connectStart);
  return outcome;
}

async function dtlsHandshake(
  s: Session,
  up: TunnelUp,
  tlsCipher: string,
  address: string,
): Promise<Outcome<boolean>> {
  const { log } = s;
  const { params, tunnel } = up;
  s.facts.dtls = { cipher: params.dtlsCipher, port: params.dtlsPort, up: false };
  // Values no DTLS handshake can start from (a port of 0, a short session id): a clear failure here,
  // not the UDP socket's raw error later.
  if (up.dtlsProblems.length > 0)
    return fail('dtls', `the CONNECT answer's DTLS values are not usable: ${up.dtlsProblems.join('; ')}`);
  if (!params.dtlsPort || !params.dtlsSessionId || !params.dtlsCipher) {
    s.observe({ kind: 'dtls-not-offered' });
    return skipped('the headend offered no DTLS (TLS only)', false);
  }
  const chosen = params.dtlsCipher;
  const port = params.dtlsPort;
  log.vpnc('NOT', 'create_dtls_connection', `cipher list: ${chosen}`);
  const logDtlsFailed = () => {
    log.vpnc('ERR', 'do_dtls_connect', 'create_dtls_connection failed');
    log.vpnc('ERR', 'protocol_handler', 'connect: do_dtls_connect failed');
    log.vpnc('WRN', 'protocol_handler', 'connect : err: SSL success DTLS fail');
  };
  const suite = DTLS09_SUITES[chosen];
  if (chosen !== tlsCipher) {
    // The phone keeps the TLS session's cipher for DTLS; a different answer makes it give up.
    log.vpnc(
      'WRN',
      'vpnc_control',
      `conn timer expired at:${Math.floor(Date.now() / 1000)}, to abort connect`,
    );
    log.vpnc('NOT', 'abort_connect', 'in dtls setup phase');
    logDtlsFailed();
    s.observe({ kind: 'dtls-cipher-not-tls', tlsCipher, dtlsOffer: up.dtlsOffer, chosen });
    return failedGoingOn(
      `the headend chose ${chosen} for DTLS but the TLS session uses ${tlsCipher}; the phone aborts DTLS setup (tunnel stays on TLS)`,
      true,
    );
  }
  if (!suite) {
    logDtlsFailed();
    s.observe({ kind: 'dtls-cipher-unusable', chosen });
    return failedGoingOn(`the headend chose ${chosen}, which legacy DTLS 0.9 cannot carry`, true);
  }
  try {
    const sid = Buffer.from(params.dtlsSessionId, 'hex');
    await tunnel.startDtls(address, port, up.master, sid, suite, s.o.dtlsTimeoutMs ?? s.stepMs);
  } catch (e) {
    const msg = errText(e);
    if (e instanceof Dtls09Error && e.sentAlert !== undefined) {
      log.vpnc('ERR', 'dtls_state_cb', `DTLSv0.9: write: alert: fatal:${alertName(e.sentAlert)}`);
      log.vpnc('ERR', 'alert_err', `DTLS write alert: code ${e.sentAlert}, ${alertName(e.sentAlert)}`);
      log.vpnc('ERR', 'create_dtls_connection', 'SSL_connect ret -1, error 1');
      log.vpnc('ERR', 'DTLS', 'SSL_connect: SSL_ERROR_SSL (error 1)');
      log.vpnc('ERR', 'DTLS', phoneSslConnectText(e.message));
    } else if (e instanceof Dtls09Error && e.receivedAlert) {
      log.vpnc(
        'ERR',
        'alert_err',
        `DTLS read alert: code ${e.receivedAlert.code}, ${alertName(e.receivedAlert.code)}`,
      );
    } else {
      log.vpnc('NOT', 'abort_connect', 'in dtls setup phase');
    }
    log.vpnc('ERR', 'create_dtls_connection', 'DTLS setup failure, cleanup');
    logDtlsFailed();
    s.observe(
      isOldSessionCipher(msg)
        ? { kind: 'dtls-old-session-cipher', chosen, error: msg }
        : { kind: 'dtls-failed', chosen, address, port, error: msg },
    );
    return failedGoingOn(msg, true);
  }
  s.facts.dtls.up = true;
  log.vpnc('NOT', 'create_dtls_connection', `DTLSv0.9 connected, cipher ${chosen}`);
  return passed(`DTLS 0.9 ${chosen} to ${address}:${port}`, true);
}
