// ec-cipher-selected: the phone's TLS attempt used an EC cipher list and failed, or the ASA sent a temporary EC certificate.
import { isEcCipher, type LogEvent } from '../../logs/event.js';
import { finding } from '../../report/finding.js';
import { sslCipherLines } from './context.js';
import { defineCheck, evidenceList } from './define.js';
import { ecCipherFix } from './fixes.js';

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
  create(ctx, report) {
    let offer: LogEvent | undefined;
    let pending: LogEvent | undefined;
    const fire = (newCipher: LogEvent, failure: LogEvent | undefined) => {
      const ec = (newCipher.fields.ciphers ?? '').split(':').filter(isEcCipher);
      report(
        finding('ec-cipher-selected', {
          message:
            `The TLS cipher list in force for the phone contains elliptic-curve suites (${ec.join(', ')}). ` +
            'An ASA from 9.4 on then chooses an EC cipher; with only an RSA identity certificate it sends a ' +
            'temporary self-signed EC certificate the phone does not trust (CSCuu02848). ' +
            (failure
              ? 'The connection failed afterwards.'
              : 'The log shows no sign that this TLS session succeeded afterwards.'),
          evidence: evidenceList([offer, newCipher, failure]),
          fix: ecCipherFix(ctx),
        }),
      );
    };
    return {
      event(e) {
        if (e.kind === 'headend-ec-temp-cert') {
          report(
            finding('ec-cipher-selected', {
              message: 'The headend sent a temporary self-signed EC certificate: it chose an EC cipher.',
              evidence: evidenceList([e]),
              fix: `Remove the EC suites:\n${sslCipherLines(ctx)}`,
            }),
          );
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
