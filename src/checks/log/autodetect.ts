// Auto network detect, read in the technote's order: which address was pinged, did it answer, was the VPN enabled.
import type { LogEvent } from '../../logs/event.js';

export interface AutoDetectOutcome {
  ping: LogEvent | undefined;
  answer: LogEvent | undefined;
  timeout: LogEvent | undefined;
  enabled: LogEvent | undefined;
  disabled: LogEvent | undefined;
}

export const AUTODETECT_KINDS = [
  'autodetect-ping',
  'autodetect-reply',
  'autodetect-timeout',
  'vpn-enabled',
  'vpn-disabled',
] as const;

/** Tracks auto-detect rounds; `onRound` gets each finished round (a new ping or the end closes it). */
export function autoDetectTracker(onRound: (r: AutoDetectOutcome) => void) {
  let r: AutoDetectOutcome | undefined;
  const fresh = (): AutoDetectOutcome => ({
    ping: undefined,
    answer: undefined,
    timeout: undefined,
    enabled: undefined,
    disabled: undefined,
  });
  const close = () => {
    if (r && (r.answer || r.timeout)) onRound(r);
    r = undefined;
  };
  return {
    event(e: LogEvent) {
      if (e.kind === 'autodetect-ping') {
        close();
        r = { ...fresh(), ping: e };
        return;
      }
      if (e.kind === 'autodetect-reply' || e.kind === 'autodetect-timeout') {
        if (r && (r.answer || r.timeout)) close();
        if (!r) r = fresh();
        if (e.kind === 'autodetect-reply') r.answer = e;
        else r.timeout = e;
        return;
      }
      if (!r) return;
      if (e.kind === 'vpn-enabled' && !r.enabled) r.enabled = e;
      if (e.kind === 'vpn-disabled' && !r.disabled) r.disabled = e;
    },
    end: close,
  };
}

/** The address the phone pinged, as far as the log shows it. */
export function pingedAddress(r: AutoDetectOutcome): { ip?: string } {
  const ip = r.ping?.fields.ip ?? r.answer?.fields.ip ?? r.timeout?.fields.ip;
  return ip ? { ip } : {};
}
