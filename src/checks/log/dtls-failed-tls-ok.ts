// dtls-failed-tls-ok: `SSL success DTLS fail` — the tunnel runs over TCP only.
import type { LogEvent } from '../../logs/event.js';
import { finding } from '../../report/finding.js';
import { defineCheck, evidenceList } from './define.js';

export default defineCheck({
  id: 'dtls-failed-tls-ok',
  kinds: ['ssl-success-dtls-fail'],
  create(_ctx, report) {
    const seen: LogEvent[] = [];
    let count = 0;
    return {
      event(e) {
        count++;
        if (seen.length < 4) seen.push(e);
      },
      end() {
        if (count === 0) return;
        report(
          finding('dtls-failed-tls-ok', {
            message: `The TLS tunnel came up but DTLS failed${count > 1 ? ` (${count} times)` : ''}; voice runs over TCP.`,
            evidence: evidenceList(seen),
          }),
        );
      },
    };
  },
});
