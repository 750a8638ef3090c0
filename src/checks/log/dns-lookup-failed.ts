// dns-lookup-failed: `gethostbyname failed`, `DnsLookupErr`, or repeated forwarded queries with no answer.

import { draft } from '../../findings/finding.js';
import type { LogEvent } from '../../logs/event.js';
import { defineCheck, evidenceList } from './define.js';

interface HostDns {
  queries: number;
  servers: Set<string>;
  first: LogEvent[];
  answered: boolean;
}

export default defineCheck({
  id: 'dns-lookup-failed',
  kinds: [
    'vpn-url',
    'dns-query',
    'dns-forwarded',
    'dns-reply',
    'dns-failed',
    'url-parse-failed',
    'login-state',
    'notify',
  ],
  create(report) {
    const hosts = new Map<string, HostDns>();
    let url: LogEvent | undefined;
    let incident: LogEvent[] | undefined;
    let incidentHost = '';
    const reported = new Set<string>();
    const close = () => {
      if (!incident) return;
      const host = incidentHost || (url ? hostOf(url.fields.url ?? '') : '') || '?';
      const dns = hosts.get(host);
      report(
        draft(
          'dns-lookup-failed',
          { kind: 'failed', host, servers: [...(dns?.servers ?? [])] },
          evidenceList([url, ...(dns?.first ?? []).slice(0, 2), ...incident]),
        ),
      );
      reported.add(host);
      incident = undefined;
      incidentHost = '';
    };
    const entry = (host: string): HostDns => {
      let h = hosts.get(host);
      if (!h) {
        if (hosts.size > 1000) hosts.clear();
        h = { queries: 0, servers: new Set(), first: [], answered: false };
        hosts.set(host, h);
      }
      return h;
    };
    return {
      event(e) {
        switch (e.kind) {
          case 'vpn-url':
            close();
            url = e;
            return;
          case 'dns-query': {
            const h = entry(e.fields.host ?? '');
            h.queries++;
            if (h.first.length < 3) h.first.push(e);
            return;
          }
          case 'dns-forwarded': {
            const h = entry(e.fields.host ?? '');
            if (h.servers.size < 8) h.servers.add(e.fields.server ?? '');
            return;
          }
          case 'dns-reply':
            entry(e.fields.host ?? '').answered = true;
            return;
          case 'dns-failed':
            close();
            incident = [e];
            incidentHost = e.fields.host ?? '';
            return;
          case 'notify':
            if (e.fields.name === 'DnsLookupErr') {
              if (!incident) incident = [];
              incident.push(e);
            }
            return;
          default:
            if (incident && incident.length < 6) incident.push(e);
        }
      },
      end() {
        close();
        for (const [host, h] of hosts) {
          if (reported.has(host) || h.answered || h.queries < 3) continue;
          report(
            draft(
              'dns-lookup-failed',
              { kind: 'unanswered', host, queries: h.queries, servers: [...h.servers] },
              evidenceList(h.first),
            ),
          );
        }
      },
    };
  },
});

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
