// asa-pool-exhausted: ASA 722020 `No address available for SVC connection` / 737019 `Unable to get address`.

import { draft } from '../../findings/finding.js';
import type { LogEvent } from '../../logs/event.js';
import { defineCheck, evidenceList } from './define.js';
import { SessionNames } from './session.js';

export default defineCheck({
  id: 'asa-pool-exhausted',
  kinds: ['headend-pool-exhausted'],
  create(report) {
    const seen: LogEvent[] = [];
    const names = new SessionNames();
    let count = 0;
    return {
      event(e) {
        count++;
        if (seen.length < 4) seen.push(e);
        names.add(e);
      },
      end() {
        const first = seen[0];
        if (!first) return;
        report(draft('asa-pool-exhausted', names.data(first), evidenceList(seen), { count }));
      },
    };
  },
});
