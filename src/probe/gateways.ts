// The VPN group's gateways (url1..url3) probed one after another, as `probe --gateway all` and `--failover`.
//
// A phone tries its VPN group's URLs in order: url1 first, url2 only when url1's attempt failed, url3
// when url2's did too, and it stays on the first gateway whose tunnel comes up (docs/probe.md). Each
// attempt is a whole login (do_login: URL -> ... to success or LoginFailed) in one phone log; the
// auto network detect ping happens once, before the first.
import { PhoneLog } from './phone-log.js';
import { type ConfigSource, type ProbeOptions, type ProbeResult, runProbe } from './run.js';

/** `all`: every gateway, each judged on its own; `failover`: in order, up to the first that comes up. */
export type GatewayMode = 'all' | 'failover';

export interface GatewayAttempt {
  /** 1 for url1. */
  gateway: number;
  url: string;
  result: ProbeResult;
}

export interface GatewaysResult {
  mode: GatewayMode;
  attempts: GatewayAttempt[];
  /** Gateways of the group not tried (failover stopped earlier, or the VPN never started), with why. */
  notTried: { gateway: number; url: string; why: string }[];
  /** The gateway the phone stays on (failover), or undefined when none came up. */
  upGateway: number | undefined;
  /** failover: a gateway came up (its tunnel; a DTLS failure there is a finding, not a failover); all: every gateway passed. */
  ok: boolean;
  /** The attempts as one phone console log. */
  log: string;
}

/** Whether a phone stays on this gateway: its tunnel came up (a DTLS failure leaves voice on TLS, no failover). */
export function tunnelCameUp(r: ProbeResult): boolean {
  return r.steps.some((s) => s.step === 'tunnel' && s.status === 'passed');
}

/** Whether the attempt ended before the VPN was started at all (auto network detect saw the TFTP server). */
function vpnNeverStarted(r: ProbeResult): boolean {
  return r.steps.some((s) => s.step === 'auto-detect' && s.status === 'failed');
}

/** Probes `configs` (the group's gateways in order) with the same phone; never throws for network problems. */
export async function runGateways(
  configs: readonly ConfigSource[],
  mode: GatewayMode,
  o: Omit<ProbeOptions, 'config' | 'phoneLog'>,
): Promise<GatewaysResult> {
  const log = new PhoneLog();
  const attempts: GatewayAttempt[] = [];
  const notTried: GatewaysResult['notTried'] = [];
  let upGateway: number | undefined;
  for (const [i, config] of configs.entries()) {
    const gateway = config.gateway ?? i + 1;
    const stop =
      upGateway !== undefined
        ? `url${upGateway} came up first`
        : attempts.some((a) => vpnNeverStarted(a.result))
          ? 'auto network detect kept the VPN off'
          : o.signal?.aborted
            ? 'interrupted'
            : undefined;
    if (stop) {
      notTried.push({ gateway, url: config.url, why: stop });
      continue;
    }
    const { autoDetect, holdSeconds, onStep, ...rest } = o;
    const first = i === 0;
    const result = await runProbe({
      ...rest,
      config,
      phoneLog: log,
      // Live progress says which gateway each step belongs to.
      ...(onStep ? { onStep: (st) => onStep({ ...st, detail: `url${gateway}: ${st.detail}` }) } : {}),
      ...(first && autoDetect ? { autoDetect } : {}),
      // --hold keeps the session of the gateway the phone stays on (failover only).
      ...(holdSeconds !== undefined && mode === 'failover' ? { holdSeconds } : {}),
    });
    if (!first && autoDetect) {
      const row = result.steps.find((s) => s.step === 'auto-detect');
      if (row) row.detail = 'done once, before url1';
    }
    attempts.push({ gateway, url: config.url, result });
    if (mode === 'failover' && tunnelCameUp(result)) upGateway = gateway;
  }
  const ok =
    mode === 'all'
      ? attempts.length === configs.length && attempts.every((a) => a.result.ok)
      : upGateway !== undefined;
  return { mode, attempts, notTried, upGateway, ok, log: log.text() };
}
