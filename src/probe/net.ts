// Small network helpers of the probe: bounded waits, the system ping, throw-away TLS handshakes.
import { execFile } from 'node:child_process';
import { connect as tlsConnect } from 'node:tls';
import { InterruptedError, StepTimeoutError } from './errors.js';

/** Bounds a step by `ms`, and by SIGINT (`signal`): a long DNS wait must not hold up Ctrl-C. */
export function withTimeout<T>(
  p: Promise<T>,
  ms: number,
  what: string,
  onTimeout?: () => void,
  signal?: AbortSignal,
): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      t = setTimeout(() => {
        onTimeout?.();
        reject(new StepTimeoutError(`${what}: no answer within ${ms} ms`, { context: { what, ms } }));
      }, ms);
      onAbort = () => {
        onTimeout?.();
        reject(new InterruptedError({ context: { what } }));
      };
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    }),
  ]).finally(() => {
    clearTimeout(t);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  });
}

/** `ping -c 1 -W N addr`: true when answered. The phone's auto network detect, with the system ping. */
export function systemPing(addr: string, timeoutMs: number): Promise<boolean> {
  const secs = Math.max(1, Math.ceil(timeoutMs / 1000));
  return new Promise((resolve, reject) => {
    execFile('ping', ['-n', '-c', '1', '-W', String(secs), addr], { timeout: timeoutMs + 2000 }, (err) => {
      if (!err) return resolve(true);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT')
        return reject(new Error('the ping command is not installed (apt-get install iputils-ping)'));
      resolve(false);
    });
  });
}

export interface TrialOptions {
  address: string;
  port: number;
  servername: string | undefined;
  ciphers: string;
  minVersion: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  maxVersion: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  certPem?: string;
  keyPem?: string;
  ms: number;
}

/** One throw-away TLS handshake, to tell why the phone's own handshake failed. */
export function trialHandshake(o: TrialOptions): Promise<{ cipher: string; version: string }> {
  return new Promise((resolve, reject) => {
    const s = tlsConnect({
      host: o.address,
      port: o.port,
      ...(o.servername ? { servername: o.servername } : {}),
      ciphers: o.ciphers,
      minVersion: o.minVersion,
      maxVersion: o.maxVersion,
      rejectUnauthorized: false,
      ...(o.certPem && o.keyPem ? { cert: o.certPem, key: o.keyPem } : {}),
    });
    const t = setTimeout(() => {
      s.destroy();
      reject(new StepTimeoutError(`trial handshake: no answer within ${o.ms} ms`));
    }, o.ms);
    s.once('secureConnect', () => {
      clearTimeout(t);
      // With TLS 1.2 the server has verified our certificate before its Finished; give a refusal
      // that arrives right after the handshake a moment to show.
      setTimeout(() => {
        const closed = s.destroyed;
        const r = { cipher: s.getCipher().name, version: s.getProtocol() ?? 'unknown' };
        s.destroy();
        if (closed) reject(new Error('closed right after the handshake'));
        else resolve(r);
      }, 150);
    });
    s.once('error', (e) => {
      clearTimeout(t);
      s.destroy();
      reject(e);
    });
  });
}
