// Shared by the ASA session checks: the users, tunnel groups and group policies a run of headend events names.

import type { HeadendSessionEvent } from '../../findings/catalogue/log.js';
import type { LogEvent } from '../../logs/event.js';

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
