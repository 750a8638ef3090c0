// headend-cert-rejected: the phone refused the headend's certificate (hash not in its configuration, or host ID check).
// The phone's own statement: it is reported even after an EC cipher choice, and then names both causes
// that fit (the ASA's temporary EC certificate, CSCuu02848, or a renewed certificate) and how to tell them
// apart — unless the log shows the presented certificate's key, which decides (src/logs/attempts.ts).

import { draft } from '../../findings/finding.js';
import { ATTEMPT_KINDS, ecSuitesOf, PhoneAttempts } from '../../logs/attempts.js';
import type { LogEvent } from '../../logs/event.js';
import { defineCheck, evidenceList } from './define.js';
import { presentedEc } from './ec-cipher-selected.js';

interface Seen {
  events: LogEvent[];
  count: number;
  hostId: boolean;
  afterEc: Set<string>;
}

export default defineCheck({
  id: 'headend-cert-rejected',
  kinds: ATTEMPT_KINDS,
  create(report) {
    // One finding per source for plain refusals and one for refusals after an EC choice.
    const plain: Seen = { events: [], count: 0, hostId: false, afterEc: new Set() };
    const ec: Seen = { events: [], count: 0, hostId: false, afterEc: new Set() };
    const attempts = new PhoneAttempts((a) => {
      if (a.certRejections.length === 0) return;
      const afterEc = a.ecAtStated !== undefined && a.stated?.cause !== 'dns';
      // The EC key shown: ec-cipher-selected is the cause, the refusal its consequence.
      if (afterEc && presentedEc(a)) return;
      // A refusal that states no reason (OpenSSL's `certificate verify failed`) after an EC suite:
      // ec-cipher-selected is the cause.
      if (!afterEc && !a.stated && a.ecAtFailure) return;
      // An RSA (or other non-EC) key shown: the renewed-certificate reading, without the EC alternative.
      const ambiguous = afterEc && a.presented === undefined;
      const s = ambiguous ? ec : plain;
      s.count += a.certRejections.length;
      if (a.certRejections.some((e) => e.fields.reason === 'host-id')) s.hostId = true;
      if (ambiguous && a.ecAtStated)
        for (const c of ecSuitesOf(a.ecAtStated)) if (s.afterEc.size < 6) s.afterEc.add(c);
      if (s.events.length < 6)
        s.events.push(
          ...[a.url, ambiguous ? a.ecAtStated : undefined, ...a.certRejections].filter(
            (e): e is LogEvent => e !== undefined,
          ),
        );
    });
    return {
      event: (e) => attempts.event(e),
      end() {
        attempts.end();
        for (const s of [plain, ec]) {
          if (s.count === 0) continue;
          const data = s === ec ? { hostId: s.hostId, afterEc: [...s.afterEc] } : { hostId: s.hostId };
          report(draft('headend-cert-rejected', data, evidenceList(s.events), { count: s.count }));
        }
      },
    };
  },
});
