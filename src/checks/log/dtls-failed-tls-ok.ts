// dtls-failed-tls-ok: `SSL success DTLS fail` — the tunnel runs over TCP only.

import { draft } from '../../findings/finding.js';
import type { LogEvent } from '../../logs/event.js';
import { defineCheck, evidenceList } from './define.js';

export default defineCheck({
  id: 'dtls-failed-tls-ok',
  kinds: ['ssl-success-dtls-fail'],
  create(report) {
    const seen: LogEvent[] = [];
    let count = 0;
    return {
      event(e) {
        count++;
        if (seen.length < 4) seen.push(e);
      },
      end() {
        if (count === 0) return;
        report(draft('dtls-failed-tls-ok', {}, evidenceList(seen), { count }));
      },
    };
  },
});
