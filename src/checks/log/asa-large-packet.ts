// asa-large-packet: ASA 722035 / 722036 received / transmitting a packet larger than the tunnel allows.

import type { LargePacket } from '../../findings/catalogue/log.js';
import { draft } from '../../findings/finding.js';
import type { LogEvent } from '../../logs/event.js';
import { defineCheck, evidenceList } from './define.js';
import { SessionNames } from './session.js';

export default defineCheck({
  id: 'asa-large-packet',
  kinds: ['headend-large-packet'],
  create(report) {
    const seen: LogEvent[] = [];
    const names = new SessionNames();
    const directions = new Set<'in' | 'out'>();
    let size: number | undefined;
    let threshold: number | undefined;
    let count = 0;
    return {
      event(e) {
        count++;
        if (seen.length < 4) seen.push(e);
        names.add(e);
        directions.add(e.fields.direction === 'in' ? 'in' : 'out');
        const s = Number(e.fields.size);
        if (e.fields.size !== undefined && Number.isFinite(s) && (size === undefined || s > size)) {
          size = s;
          threshold = Number(e.fields.threshold);
        }
      },
      end() {
        const first = seen[0];
        if (!first) return;
        const data: LargePacket = {
          ...names.data(first),
          directions: [...directions].sort(),
          ...(size !== undefined && threshold !== undefined ? { size, threshold } : {}),
        };
        report(draft('asa-large-packet', data, evidenceList(seen), { count }));
      },
    };
  },
});
