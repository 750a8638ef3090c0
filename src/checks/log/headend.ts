// A log check that fires on one headend event kind (ASA syslog id or ocserv message), aggregated per source.

import type { DataOf, RuleId } from '../../findings/catalogue/index.js';
import type { HeadendEvent } from '../../findings/catalogue/log.js';
import { draft } from '../../findings/finding.js';
import type { EventKind, LogEvent } from '../../logs/event.js';
import { defineCheck, evidenceList, type LogCheck } from './define.js';

/** The ids whose data is a headend event. */
type HeadendId = {
  [K in RuleId]: DataOf<K> extends HeadendEvent ? (HeadendEvent extends DataOf<K> ? K : never) : never;
}[RuleId];

export function headendCheck(id: HeadendId, kind: EventKind): LogCheck {
  return defineCheck({
    id,
    kinds: [kind],
    create(report) {
      const seen: LogEvent[] = [];
      const users = new Set<string>();
      let count = 0;
      return {
        event(e) {
          count++;
          if (seen.length < 4) seen.push(e);
          if (e.fields.user && users.size < 10) users.add(e.fields.user);
        },
        end() {
          const first = seen[0];
          if (!first) return;
          const data: HeadendEvent = {
            headend: first.format === 'ocserv' ? 'ocserv' : 'asa',
            users: [...users],
          };
          report(draft(id, data, evidenceList(seen), { count }));
        },
      };
    },
  });
}
