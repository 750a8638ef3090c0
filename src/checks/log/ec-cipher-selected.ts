// ec-cipher-selected: the phone's TLS attempt used an EC cipher list and failed, or the ASA sent a temporary EC certificate.

import { draft } from '../../findings/finding.js';
import { isEcCipher, type LogEvent } from '../../logs/event.js';
import { defineCheck, evidenceList } from './define.js';

/** Events that show the TLS session worked (the tunnel got as far as its CONNECT answer or DTLS). */
export const TLS_WORKED = new Set([
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

export default defineCheck({
  id: 'ec-cipher-selected',
  kinds: [
    'tls-cipher-offer',
    'tls-cipher-new',
    'tls-error',
    'cert-rejected',
    'login-state',
    'connect-abort',
    'headend-ec-temp-cert',
    ...([...TLS_WORKED] as LogEvent['kind'][]),
  ],
  create(report) {
    let offer: LogEvent | undefined;
    let pending: LogEvent | undefined;
    const fire = (newCipher: LogEvent, failure: LogEvent | undefined) => {
      const ec = (newCipher.fields.ciphers ?? '').split(':').filter(isEcCipher);
      report(
        draft(
          'ec-cipher-selected',
          { kind: 'offer', ec, failed: failure !== undefined },
          evidenceList([offer, newCipher, failure]),
        ),
      );
    };
    return {
      event(e) {
        if (e.kind === 'headend-ec-temp-cert') {
          report(draft('ec-cipher-selected', { kind: 'temporary-certificate' }, evidenceList([e])));
        } else if (e.kind === 'tls-cipher-offer') {
          offer = e;
        } else if (e.kind === 'tls-cipher-new') {
          if (pending) fire(pending, undefined);
          pending = (e.fields.ciphers ?? '').split(':').some(isEcCipher) ? e : undefined;
        } else if (TLS_WORKED.has(e.kind)) {
          pending = undefined;
        } else if (pending && isTlsFailure(e)) {
          fire(pending, e);
          pending = undefined;
        }
      },
      end() {
        if (pending) fire(pending, undefined);
      },
    };
  },
});
