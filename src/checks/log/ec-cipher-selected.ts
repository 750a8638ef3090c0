// ec-cipher-selected: the phone's TLS attempt used an EC cipher list and failed, or the ASA sent a temporary EC certificate.
// Per connection attempt (src/logs/attempts.ts): when the phone stated why the attempt failed after the EC
// choice (hash not matched, host ID check), that statement is the cause (headend-cert-rejected, which names
// the EC certificate as the other possibility) unless the log shows the presented certificate's EC key.

import { draft } from '../../findings/finding.js';
import { ATTEMPT_KINDS, ecSuitesOf, type PhoneAttempt, PhoneAttempts } from '../../logs/attempts.js';
import type { LogEvent } from '../../logs/event.js';
import { defineCheck, evidenceList } from './define.js';

/** The presented certificate has an EC key: the temporary certificate of CSCuu02848, not a renewed one. */
export function presentedEc(a: PhoneAttempt): boolean {
  return a.presented?.keyType === 'EC';
}

export default defineCheck({
  id: 'ec-cipher-selected',
  kinds: [...ATTEMPT_KINDS, 'headend-ec-temp-cert'],
  create(report) {
    const fire = (a: PhoneAttempt, ec: LogEvent, failure: LogEvent | undefined, extra?: LogEvent) => {
      report(
        draft(
          'ec-cipher-selected',
          { kind: 'offer', ec: ecSuitesOf(ec), failed: failure !== undefined },
          evidenceList([a.offer, ec, extra, failure]),
        ),
      );
    };
    const attempts = new PhoneAttempts((a) => {
      const ec = a.ecAtFailure;
      if (ec && a.failure) {
        // A stated cause after the EC choice wins, unless the certificate shows its EC key.
        if (a.stated && a.ecAtStated && a.stated.cause !== 'dns') {
          if (presentedEc(a)) fire(a, ec, a.failure, a.presented?.event);
          return;
        }
        fire(a, ec, a.failure);
      } else if (a.ecCipher && !a.failure) fire(a, a.ecCipher, undefined);
    });
    return {
      event(e) {
        if (e.kind === 'headend-ec-temp-cert')
          report(draft('ec-cipher-selected', { kind: 'temporary-certificate' }, evidenceList([e])));
        else attempts.event(e);
      },
      end() {
        attempts.end();
      },
    };
  },
});
