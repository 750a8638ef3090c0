// cert-expiring / cert-expired from the ASA's own warnings (717054 / 717055) about a trustpoint certificate.
// Only identity certificates: a CA certificate running out is another problem (the phones' chain, not the
// certificate the phones check).

import type { LoggedCertExpiry } from '../../findings/catalogue/config.js';
import { draft } from '../../findings/finding.js';
import type { LogEvent } from '../../logs/event.js';
import { defineCheck, evidenceList } from './define.js';

export default defineCheck({
  id: 'cert-expiring',
  kinds: ['headend-cert-expiry'],
  create(report) {
    // One finding per trustpoint and state; the latest warning says how many days are left.
    const last = new Map<string, { data: LoggedCertExpiry; events: LogEvent[]; count: number }>();
    return {
      event(e) {
        const f = e.fields;
        if (/^CA\b|\bCA$|authority/i.test(f.certType ?? '')) return;
        const key = `${f.state}\u0000${f.trustpoint}`;
        const data: LoggedCertExpiry = {
          via: 'asa-log',
          trustpoint: f.trustpoint ?? '?',
          certType: f.certType ?? 'ID',
          ...(f.days !== undefined ? { days: Number(f.days) } : {}),
          ...(f.expiration !== undefined ? { expiration: f.expiration } : {}),
          ...(f.subject !== undefined ? { subject: f.subject } : {}),
        };
        const cur = last.get(key);
        if (cur) {
          cur.data = data;
          if (cur.events.length < 3) cur.events.push(e);
          cur.count++;
        } else last.set(key, { data, events: [e], count: 1 });
      },
      end() {
        const expired = new Set(
          [...last.keys()].filter((k) => k.startsWith('expired')).map((k) => k.split('\u0000')[1]),
        );
        for (const [key, v] of last) {
          if (key.startsWith('expired'))
            report(draft('cert-expired', v.data, evidenceList(v.events), { count: v.count }));
          // Once the ASA says it has expired, the earlier "due to expire" warnings are history.
          else if (!expired.has(v.data.trustpoint))
            report(draft('cert-expiring', v.data, evidenceList(v.events), { count: v.count }));
        }
      },
    };
  },
});
