// headend-cert-rejected: the phone refused the headend's certificate (hash not in its configuration, or host ID check).

import { draft } from '../../findings/finding.js';
import { isEcCipher, type LogEvent } from '../../logs/event.js';
import { defineCheck, evidenceList } from './define.js';

export default defineCheck({
  id: 'headend-cert-rejected',
  kinds: ['cert-rejected', 'tls-cipher-new', 'vpn-url'],
  create(report) {
    let ecPending = false;
    let url: LogEvent | undefined;
    const seen: LogEvent[] = [];
    let count = 0;
    let hostId = false;
    return {
      event(e) {
        if (e.kind === 'vpn-url') {
          url = e;
          return;
        }
        if (e.kind === 'tls-cipher-new') {
          ecPending = (e.fields.ciphers ?? '').split(':').some(isEcCipher);
          return;
        }
        // With an EC cipher the ASA's temporary certificate is the one refused: ec-cipher-selected says so.
        if (ecPending) return;
        count++;
        if (e.fields.reason === 'host-id') hostId = true;
        if (seen.length < 4) seen.push(e);
      },
      end() {
        if (count === 0) return;
        report(draft('headend-cert-rejected', { hostId }, evidenceList([url, ...seen]), { count }));
      },
    };
  },
});
