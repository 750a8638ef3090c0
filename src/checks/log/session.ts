// Shared by the ASA session checks: the users, tunnel groups and group policies a run of headend events
// names, and the one-kind session check built on them and on whether the clients are phones (clients.ts).

import type { DataOf, RuleId } from '../../findings/catalogue/index.js';
import type { ClientKind, HeadendSessionEvent } from '../../findings/catalogue/log.js';
import { draft } from '../../findings/finding.js';
import type { EventKind, LogEvent } from '../../logs/event.js';
import { defineCheck, evidenceList, type LogCheck } from './define.js';

/** `{ client }` for a draft's data when the client is known, else nothing. */
export function clientField(kind: ClientKind | undefined): { client?: ClientKind } {
  return kind ? { client: kind } : {};
}

export class SessionNames {
  private readonly users = new Set<string>();
  private readonly tunnelGroups = new Set<string>();
  private readonly groupPolicies = new Set<string>();

  add(e: LogEvent): void {
    const f = e.fields;
    if (f.user && this.users.size < 10) this.users.add(f.user);
    if (f.tunnelGroup && this.tunnelGroups.size < 5) this.tunnelGroups.add(f.tunnelGroup);
    if (f.groupPolicy && this.groupPolicies.size < 5) this.groupPolicies.add(f.groupPolicy);
  }

  data(first: LogEvent): HeadendSessionEvent {
    return {
      headend: first.format === 'ocserv' ? 'ocserv' : 'asa',
      users: [...this.users],
      tunnelGroups: [...this.tunnelGroups],
      groupPolicies: [...this.groupPolicies],
    };
  }
}

/** The ids whose data is a headend session event or extends one. */
type SessionId = {
  [K in RuleId]: DataOf<K> extends HeadendSessionEvent ? K : never;
}[RuleId];

/** What a session check adds to the shared data, from its own events. */
export interface SessionExtra<D> {
  event(e: LogEvent): void;
  data(base: HeadendSessionEvent): D;
}

/**
 * A check of one ASA session event kind, aggregated per source: every event counted, the first four as
 * evidence, the users, tunnel groups and group policies they name, whether their clients are phones, and
 * what `extra` gathers on top (the limits of 716023, the sizes of 722035).
 */
export function sessionCheck<K extends SessionId>(
  id: K,
  kind: EventKind,
  extra?: () => SessionExtra<DataOf<K>>,
): LogCheck {
  return defineCheck({
    id,
    kinds: [kind],
    clients: true,
    create(report, { clients }) {
      const seen: LogEvent[] = [];
      const all: LogEvent[] = [];
      const names = new SessionNames();
      const more = extra?.();
      let count = 0;
      return {
        event(e) {
          count++;
          if (seen.length < 4) seen.push(e);
          if (all.length < 256) all.push(e);
          names.add(e);
          more?.event(e);
        },
        end() {
          const first = seen[0];
          if (!first) return;
          const base = { ...names.data(first), ...clientField(clients.kindOf(all)) };
          const data = (more ? more.data(base) : base) as DataOf<K>;
          report(draft(id, data, evidenceList(seen), { count }));
        },
      };
    },
  });
}
