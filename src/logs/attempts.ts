// Connection attempts of one phone log: from `do_login: URL ->` to the next one (or the end of the source),
// with the cause the phone itself stated and what can only be inferred. The precedence between them is
// written down in docs/diagnose.md: a stated cause is never replaced by an inferred one.
import { type EventKind, isEcCipher, type LogEvent } from './event.js';

/**
 * What the phone itself logged as the reason an attempt failed. OpenSSL's bare `certificate verify failed`
 * is not one: it says that the certificate was refused, not why (after an EC suite it is the seed's
 * temporary EC certificate).
 */
export type StatedCause = 'cert-hash' | 'host-id' | 'dns' | 'login-refused';

/** Notification names by which the phone says the headend refused its credentials. */
const LOGIN_REFUSED = /auth|credential|refused|denied|password/i;

export function statedCauseOf(e: LogEvent): StatedCause | undefined {
  switch (e.kind) {
    case 'cert-rejected':
      return e.fields.reason === 'host-id' ? 'host-id' : e.fields.reason === 'hash' ? 'cert-hash' : undefined;
    case 'dns-failed':
      return 'dns';
    case 'notify':
      if (e.fields.name === 'DnsLookupErr') return 'dns';
      return LOGIN_REFUSED.test(e.fields.name ?? '') ? 'login-refused' : undefined;
    default:
      return undefined;
  }
}

/** Events that show the TLS session of an attempt worked (the tunnel got as far as its CONNECT answer or DTLS). */
export const TLS_WORKED: ReadonlySet<EventKind> = new Set<EventKind>([
  'tunnel-connect',
  'dtls-ciphersuite',
  'dtls-cipher-list',
  'ssl-success-dtls-fail',
  'dtls-alert',
  'dtls-old-session-cipher',
  'dtls-setup-failed',
]);

export function isTlsFailure(e: LogEvent): boolean {
  return (
    e.kind === 'tls-error' ||
    e.kind === 'cert-rejected' ||
    (e.kind === 'login-state' && e.fields.to === 'FAILED') ||
    (e.kind === 'connect-abort' && !/dtls/i.test(e.fields.phase ?? ''))
  );
}

export interface PhoneAttempt {
  /** The `do_login: URL ->` line; undefined for events before the first one (a log cut mid-attempt). */
  url: LogEvent | undefined;
  /** The last `current cipher ->` offer. */
  offer: LogEvent | undefined;
  /** The last `new cipher ->` with EC suites that no sign of a working TLS session followed. */
  ecCipher: LogEvent | undefined;
  /** The EC `new cipher ->` that the first TLS failure followed. */
  ecAtFailure: LogEvent | undefined;
  /** The first cause the phone stated, and its line. */
  stated: { cause: StatedCause; event: LogEvent } | undefined;
  /** The EC `new cipher ->` the stated cause followed, if any. */
  ecAtStated: LogEvent | undefined;
  /** The first TLS failure (handshake error, certificate refused, login FAILED, abort outside DTLS). */
  failure: LogEvent | undefined;
  /** The certificate the headend presented, when the log names its key (the probe's log does). */
  presented: { keyType: string; selfSigned: boolean; event: LogEvent } | undefined;
  /** Certificate refusals in this attempt (evidence), at most 4. */
  certRejections: LogEvent[];
}

/** The event kinds an attempt is built from. */
export const ATTEMPT_KINDS: readonly EventKind[] = [
  'vpn-url',
  'tls-cipher-offer',
  'tls-cipher-new',
  'tls-error',
  'cert-rejected',
  'cert-presented',
  'dns-failed',
  'notify',
  'login-state',
  'connect-abort',
  ...TLS_WORKED,
];

function fresh(url: LogEvent | undefined): PhoneAttempt {
  return {
    url,
    offer: undefined,
    ecCipher: undefined,
    ecAtFailure: undefined,
    stated: undefined,
    ecAtStated: undefined,
    failure: undefined,
    presented: undefined,
    certRejections: [],
  };
}

/**
 * Groups one source's phone events into attempts and hands each finished attempt to `done` (at the next
 * `do_login: URL ->` and at the end of the source). Events are fed in file order; memory is one attempt.
 */
export class PhoneAttempts {
  private cur: PhoneAttempt | undefined;

  constructor(private readonly done: (a: PhoneAttempt) => void) {}

  event(e: LogEvent): void {
    if (e.kind === 'vpn-url') {
      this.close();
      this.cur = fresh(e);
      return;
    }
    if (e.format !== 'phone') return;
    this.cur ??= fresh(undefined);
    let a = this.cur;
    if (e.kind === 'tls-cipher-offer') a.offer = e;
    else if (e.kind === 'tls-cipher-new') {
      // A second handshake in one attempt: an EC choice before it that led nowhere is still reported.
      if (a.ecCipher && !a.failure) a = this.flushEc(a);
      a.ecCipher = (e.fields.ciphers ?? '').split(':').some(isEcCipher) ? e : undefined;
    } else if (e.kind === 'cert-presented') {
      a.presented = { keyType: e.fields.keyType ?? '', selfSigned: e.fields.selfSigned === 'yes', event: e };
    } else if (TLS_WORKED.has(e.kind)) {
      a.ecCipher = undefined;
    }
    if (e.kind === 'cert-rejected' && a.certRejections.length < 4) a.certRejections.push(e);
    const cause = statedCauseOf(e);
    if (cause && !a.stated) {
      a.stated = { cause, event: e };
      a.ecAtStated = a.ecCipher;
    }
    if (!a.failure && isTlsFailure(e)) {
      a.failure = e;
      a.ecAtFailure = a.ecCipher;
    }
  }

  end(): void {
    this.close();
  }

  /** Ends the attempt so far as its own, keeping its URL for what follows (a retry within one login). */
  private flushEc(a: PhoneAttempt): PhoneAttempt {
    this.done(a);
    this.cur = { ...fresh(a.url), offer: a.offer };
    return this.cur;
  }

  private close(): void {
    if (this.cur) this.done(this.cur);
    this.cur = undefined;
  }
}

/** The EC suites of a `new cipher ->` event. */
export function ecSuitesOf(e: LogEvent): string[] {
  return (e.fields.ciphers ?? '').split(':').filter(isEcCipher);
}
