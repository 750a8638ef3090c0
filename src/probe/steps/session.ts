// What the probe's steps share: the options, the facts learnt so far, the phone log, and how a step ends.
import type { ProbeObservation } from '../../checks/probe/observations.js';
import { InterruptedError, StepFailed } from '../errors.js';
import type { PhoneLog } from '../phone-log.js';
import type { ProbeFacts, ProbeOptions, StepName, StepResult } from '../types.js';

export interface Session {
  readonly o: ProbeOptions;
  readonly facts: ProbeFacts;
  readonly log: PhoneLog;
  /** The bound of each network wait (--timeout). */
  readonly stepMs: number;
  /** When the phone began to connect (DNS, or TCP for an address): the start of facts.connectMs. */
  connectStart: number;
  /** Reports what a step saw that is worth a finding without ending the probe (vpn-auto-started, dtls-*). */
  observe(o: ProbeObservation): void;
  /** Adds a row to the step table outside the step sequence (a keepalive that failed during --hold). */
  record(r: StepResult): void;
  /** Registers what must be closed when the probe ends, however it ends (last registered, first closed). */
  onClose(close: () => void | Promise<void>): void;
}

/**
 * How a step ended when the probe goes on: passed, skipped, or failed without stopping the
 * probe (DTLS: the tunnel still runs over TLS). A failure that stops the probe is thrown (`fail`).
 */
export type Outcome<T> = { status: 'passed' | 'skipped' | 'failed'; detail: string; value: T };

export function passed<T>(detail: string, value: T): Outcome<T> {
  return { status: 'passed', detail, value };
}

export function skipped<T>(detail: string, value: T): Outcome<T> {
  return { status: 'skipped', detail, value };
}

/** The step failed and the probe goes on with `value`. */
export function failedGoingOn<T>(detail: string, value: T): Outcome<T> {
  return { status: 'failed', detail, value };
}

/** Ends the probe at `step`; the observation names the finding (probe-step-failed when none fits). */
export function fail(
  step: StepName,
  detail: string,
  observation: ProbeObservation = { kind: 'step-failed', step, detail },
  cause?: unknown,
): never {
  throw new StepFailed(step, detail, observation, cause);
}

/** Ctrl-C between two waits: the step that was about to start fails as interrupted. */
export function failIfAborted(s: Session, step: StepName): void {
  if (s.o.signal?.aborted) fail(step, new InterruptedError().message);
}

/** The lines a phone logs when its login attempt ends in failure (any step up to the login). */
export function logLoginFailed(s: Session): void {
  s.log.vpnc('NOT', 'set_login_state', 'LOGIN: 1 (TRYING) --> 3 (FAILED)');
  s.log.vpnc('NOT', 'set_login_state', 'VPNC : 1 (LoggingIn) --> 3 (LoginFailed)');
  s.log.vpnc('NOT', 'vpnc_send_notify', 'notify type: 1 [LoginFailed]');
}
