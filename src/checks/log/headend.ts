// A log check that fires on one headend event kind (ASA syslog id or ocserv message), aggregated per source.
import type { EventKind, LogEvent } from '../../logs/event.js';
import { finding } from '../../report/finding.js';
import type { RuleId } from '../rules.js';
import type { FixContext } from './context.js';
import { defineCheck, evidenceList, type LogCheck } from './define.js';

export function headendCheck(
  id: RuleId,
  kind: EventKind,
  describe: (first: LogEvent, count: number) => string,
  fix: (ctx: FixContext, first: LogEvent) => string,
): LogCheck {
  return defineCheck({
    id,
    kinds: [kind],
    create(ctx, report) {
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
          const who = users.size > 0 ? ` Users: ${[...users].join(', ')}.` : '';
          report(
            finding(id, {
              message: `${describe(first, count)}${who}`,
              evidence: evidenceList(seen),
              fix: fix(ctx, first),
            }),
          );
        },
      };
    },
  });
}

export function headendName(e: LogEvent): string {
  return e.format === 'ocserv' ? 'ocserv' : 'The ASA';
}

export function times(n: number): string {
  return n > 1 ? ` (${n} times)` : '';
}
