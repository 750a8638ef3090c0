// Step keepalive: DPD both ways on both channels and a keepalive; with --hold, the session kept up.
import { errText } from '../errors.js';
import type { Tunnel } from '../tunnel.js';
import { fail, type Outcome, passed, type Session } from './session.js';
import type { TunnelUp } from './tunnel.js';

export async function keepaliveStep(s: Session, tunnel: Tunnel): Promise<Outcome<void>> {
  let tlsRtt: number;
  let dtlsRtt: number | undefined;
  try {
    tlsRtt = Math.round((await tunnel.dpd('tls', s.stepMs)) * 10) / 10;
    s.facts.dpd = { tlsRttMs: tlsRtt, serverRequestsAnswered: tunnel.counters.serverDpdAnswered };
    if (tunnel.dtlsUp) {
      dtlsRtt = Math.round((await tunnel.dpd('dtls', s.stepMs)) * 10) / 10;
      s.facts.dpd.dtlsRttMs = dtlsRtt;
    }
    tunnel.send(tunnel.dtlsUp ? 'dtls' : 'tls', 7);
  } catch (e) {
    return fail('keepalive', errText(e), undefined, e);
  }
  return passed(
    `DPD answered on TLS (${tlsRtt} ms)${dtlsRtt !== undefined ? ` and DTLS (${dtlsRtt} ms)` : ''}`,
    undefined,
  );
}

/**
 * --hold: keepalives (DPD on the voice channel) until the time runs out, SIGINT, or the headend
 * ends the session. Resolves to false when the session died on its own; the caller records it.
 */
export async function holdSession(s: Session, up: TunnelUp, seconds: number): Promise<boolean> {
  const { o } = s;
  const { tunnel, params } = up;
  const aborted = () => o.signal?.aborted === true;
  const interval = Math.max(1, Math.min(params.keepalive ?? 20, params.dpd ?? 30, 30)) * 1000;
  const end = Date.now() + seconds * 1000;
  let alive = true;
  o.progress?.(`holding the session for ${seconds} s (keepalive every ${interval / 1000} s; Ctrl-C to stop)`);
  while (Date.now() < end && !aborted() && !tunnel.closedReason) {
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, Math.min(interval, end - Date.now()));
      o.signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(t);
          resolve();
        },
        { once: true },
      );
    });
    if (aborted() || tunnel.closedReason || Date.now() >= end) break;
    try {
      const rtt = await tunnel.dpd(tunnel.dtlsUp ? 'dtls' : 'tls', s.stepMs);
      o.progress?.(`DPD answered in ${rtt.toFixed(1)} ms`);
    } catch (e) {
      s.record({ step: 'keepalive', status: 'failed', detail: `during --hold: ${errText(e)}` });
      s.observe({ kind: 'hold-failed', error: errText(e) });
      alive = false;
      break;
    }
  }
  if (tunnel.closedReason && !aborted()) {
    alive = false;
    s.observe({ kind: 'hold-ended', reason: tunnel.closedReason });
  }
  if (s.facts.dpd) s.facts.dpd.serverRequestsAnswered = { ...tunnel.counters.serverDpdAnswered };
  return alive;
}
