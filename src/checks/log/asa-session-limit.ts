// asa-session-limit: ASA 716023 / 113029 `session limit of N reached`: no VPN peer left for the phone.

import { draft } from '../../findings/finding.js';
import type { LogEvent } from '../../logs/event.js';
import { defineCheck, evidenceList } from './define.js';
import { SessionNames } from './session.js';

export default defineCheck({
  id: 'asa-session-limit',
  kinds: ['headend-session-limit'],
  create(report) {
    const seen: LogEvent[] = [];
    const names = new SessionNames();
    const limits = new Set<number>();
    let count = 0;
    return {
      event(e) {
        count++;
        if (seen.length < 4) seen.push(e);
        names.add(e);
        const n = Number(e.fields.limit);
        if (Number.isFinite(n) && limits.size < 5) limits.add(n);
      },
      end() {
        const first = seen[0];
        if (!first) return;
        report(
          draft('asa-session-limit', { ...names.data(first), limits: [...limits] }, evidenceList(seen), {
            count,
          }),
        );
      },
    };
  },
});
