// A log check that fires on one headend event kind (ASA syslog id or ocserv message), aggregated per source.

import type { DataOf, RuleId } from '../../findings/catalogue/index.js';
import type { HeadendEvent } from '../../findings/catalogue/log.js';
import { draft } from '../../findings/finding.js';
import type { EventKind, LogEvent } from '../../logs/event.js';
import { defineCheck, evidenceList, type LogCheck } from './define.js';
import { clientField } from './session.js';

/** The ids whose data is a headend event. */
type HeadendId = {
  [K in RuleId]: DataOf<K> extends HeadendEvent ? (HeadendEvent extends DataOf<K> ? K : never) : never;
}[RuleId];

interface Bucket {
  seen: LogEvent[];
  /** The events whose clients decide the wording (phone or not), at most 256. */
  all: LogEvent[];
  users: Set<string>;
  reasons: Set<string>;
  servers: Set<string>;
  count: number;
}

/**
 * One finding per source and AAA stage (an authorization rejection is another cause than an
 * authentication one): the first events as evidence, the users, reasons and servers named, and whether the
 * clients are phones (SessionClients).
 */
export function headendCheck(id: HeadendId, kind: EventKind): LogCheck {
  return defineCheck({
    id,
    kinds: [kind],
    clients: true,
    create(report, source) {
      const buckets = new Map<string, Bucket>();
      const clients = source.clients.placer();
      return {
        event(e) {
          clients.place(e);
          const stage = e.fields.stage ?? '';
          let b = buckets.get(stage);
          if (!b) {
            b = { seen: [], all: [], users: new Set(), reasons: new Set(), servers: new Set(), count: 0 };
            buckets.set(stage, b);
          }
          b.count++;
          if (b.seen.length < 4) b.seen.push(e);
          if (b.all.length < 256) b.all.push(e);
          const { user, reason, server } = e.fields;
          if (user && b.users.size < 10) b.users.add(user);
          if (reason && b.reasons.size < 5) b.reasons.add(reason);
          if (server && b.servers.size < 5) b.servers.add(server);
        },
        end() {
          for (const [stage, b] of buckets) {
            const first = b.seen[0];
            if (!first) continue;
            const data: HeadendEvent = {
              headend: first.format === 'ocserv' ? 'ocserv' : 'asa',
              users: [...b.users],
              ...clientField(clients.kindOf(b.all)),
              ...(stage === 'authentication' || stage === 'authorization' ? { stage } : {}),
              ...(b.reasons.size > 0 ? { reasons: [...b.reasons] } : {}),
              ...(b.servers.size > 0 ? { servers: [...b.servers] } : {}),
            };
            report(draft(id, data, evidenceList(b.seen), { count: b.count }));
          }
        },
      };
    },
  });
}
