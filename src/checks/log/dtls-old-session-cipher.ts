// dtls-old-session-cipher: `old session cipher not returned` / `DTLS write alert: code 47, illegal parameter`.

import { draft } from '../../findings/finding.js';
import type { LogEvent } from '../../logs/event.js';
import { defineCheck, evidenceList } from './define.js';

export default defineCheck({
  id: 'dtls-old-session-cipher',
  kinds: ['dtls-old-session-cipher', 'dtls-alert'],
  create(report) {
    const seen: LogEvent[] = [];
    let count = 0;
    return {
      event(e) {
        const hit =
          e.kind === 'dtls-old-session-cipher' ||
          (e.fields.level === 'fatal' &&
            (e.fields.code === '47' || /illegal parameter/i.test(e.fields.desc ?? '')));
        if (!hit) return;
        if (e.kind === 'dtls-old-session-cipher') count++;
        if (seen.length < 6) seen.push(e);
      },
      end() {
        if (seen.length === 0) return;
        // The count is of DTLS attempts (alert lines without the message repeat one attempt).
        report(draft('dtls-old-session-cipher', {}, evidenceList(seen), { count: Math.max(count, 1) }));
      },
    };
  },
});
