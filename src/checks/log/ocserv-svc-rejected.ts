// ocserv-svc-rejected: ocserv refused a phone's /svc login for a configuration reason (its worker's own messages).

import type { SvcRejected } from '../../findings/catalogue/log.js';
import { draft } from '../../findings/finding.js';
import type { LogEvent } from '../../logs/event.js';
import { defineCheck, evidenceList } from './define.js';

const REASONS = ['compat', 'user-agent', 'no-username'] as const;

export default defineCheck({
  id: 'ocserv-svc-rejected',
  kinds: ['headend-svc-rejected'],
  create(report) {
    const seen = new Map<string, LogEvent[]>();
    const agents = new Set<string>();
    const users = new Set<string>();
    let count = 0;
    return {
      event(e) {
        count++;
        const r = e.fields.reason ?? '';
        const list = seen.get(r) ?? [];
        if (list.length < 3) list.push(e);
        seen.set(r, list);
        if (e.fields.agent !== undefined && agents.size < 5) agents.add(e.fields.agent);
        if (e.fields.user && users.size < 10) users.add(e.fields.user);
      },
      end() {
        if (count === 0) return;
        const data: SvcRejected = {
          reasons: REASONS.filter((r) => seen.has(r)),
          agents: [...agents],
          users: [...users],
        };
        report(draft('ocserv-svc-rejected', data, evidenceList([...seen.values()].flat()), { count }));
      },
    };
  },
});
