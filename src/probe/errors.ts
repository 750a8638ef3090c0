// The probe's errors: one base class that carries the step that was running, the cause and the context.
import type { ProbeObservation } from '../checks/probe/observations.js';
import type { StepName } from './step-names.js';

export type ProbeErrorName =
  | 'ProbeError'
  | 'StepTimeoutError'
  | 'InterruptedError'
  | 'PeerClosedError'
  | 'HttpParseError'
  | 'CstpFramingError'
  | 'LoginRefused'
  | 'Dtls09Error'
  | 'StepFailed'
  | 'ProbeInternalError';

/** What was being done when the error happened (the wait, the port, the HTTP status...). */
export type ProbeErrorContext = Readonly<Record<string, string | number | boolean | undefined>>;

export interface ProbeErrorOptions {
  step?: StepName | undefined;
  cause?: unknown;
  context?: ProbeErrorContext;
}

/**
 * Every error the probe raises. `step` is set where it is thrown when that code knows the step
 * (DTLS, login); helpers shared by several steps (the stream reader, the HTTP parser) leave it to
 * the runner, which records the step that was running (`inStep`).
 */
export class ProbeError extends Error {
  override readonly name: ProbeErrorName = 'ProbeError';
  step: StepName | undefined;
  readonly context: ProbeErrorContext;

  constructor(message: string, o: ProbeErrorOptions = {}) {
    super(message, o.cause === undefined ? undefined : { cause: o.cause });
    this.step = o.step;
    this.context = o.context ?? {};
  }

  /** Records the step that was running, unless the thrower already named one. */
  inStep(step: StepName): this {
    this.step ??= step;
    return this;
  }
}

/** A bounded wait ran out (a step timeout, a DPD answer, a DTLS handshake). */
export class StepTimeoutError extends ProbeError {
  override readonly name = 'StepTimeoutError';
}

/** SIGINT (the probe's AbortSignal) ended a wait. */
export class InterruptedError extends ProbeError {
  override readonly name = 'InterruptedError';
  constructor(o: ProbeErrorOptions = {}) {
    super('interrupted (SIGINT)', o);
  }
}

/** The headend closed the connection while the probe waited for an answer. */
export class PeerClosedError extends ProbeError {
  override readonly name = 'PeerClosedError';
}

/** The headend's answer is not HTTP. */
export class HttpParseError extends ProbeError {
  override readonly name = 'HttpParseError';
}

/** A CSTP frame that breaks the framing (PROTOCOL.md §3). */
export class CstpFramingError extends ProbeError {
  override readonly name = 'CstpFramingError';
}

/** The headend answered the login, and the answer was no. */
export class LoginRefused extends ProbeError {
  override readonly name = 'LoginRefused';
  constructor(
    readonly detail: string,
    readonly status?: number,
  ) {
    super(detail, { step: 'login', context: { status } });
  }
}

/** A DTLS 0.9 handshake failure with what the phone's OpenSSL would log (`old session cipher not returned`, ...). */
export class Dtls09Error extends ProbeError {
  override readonly name = 'Dtls09Error';
  constructor(
    message: string,
    /** The alert we send (fatal) in answer, if any. */
    readonly sentAlert?: number,
    /** The alert the server sent, if that is the cause. */
    readonly receivedAlert?: { level: number; code: number },
  ) {
    super(message, { step: 'dtls', context: { sentAlert, receivedAlert: receivedAlert?.code } });
  }
}

/**
 * A step failed and the step has said why: `detail` for the step table, `observation` for the
 * finding (src/checks/probe); the probe stops here.
 */
export class StepFailed extends ProbeError {
  override readonly name = 'StepFailed';
  constructor(
    step: StepName,
    readonly detail: string,
    readonly observation: ProbeObservation,
    cause?: unknown,
  ) {
    super(detail, { step, cause });
  }
}

/** Something no step expected (a bug, or a case the code does not handle), recorded under its step. */
export class ProbeInternalError extends ProbeError {
  override readonly name = 'ProbeInternalError';
  constructor(step: StepName, cause: unknown) {
    super(`internal error: ${errText(cause)}`, { step, cause });
  }
}

/** The message of an error with its code (`... (ECONNRESET)`) when the message lacks it. */
export function errText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code && !String(err.message).includes(err.code)) return `${err.message} (${err.code})`;
  return err?.message ?? String(e);
}
