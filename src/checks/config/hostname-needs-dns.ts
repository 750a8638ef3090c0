// hostname-needs-dns: the VPN URL uses a host name, so phones outside need a DNS server that resolves it.
import { isIP } from 'node:net';
import { type Draft, draft } from '../../findings/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { phoneUrls, urlHost } from '../derive.js';
import { ev } from '../facts.js';

export const hostnameNeedsDns = defineCheck({
  id: 'hostname-needs-dns',
  needs: 'phone configuration, deployment, AXL or running configuration',
  run(f) {
    const urls = [
      ...phoneUrls(f),
      ...(f.asa?.value.tunnelGroups.flatMap((tg) =>
        tg.groupUrls
          .filter((g) => g.enabled)
          .map((g) => ({ url: g.url, evidence: ev(f.asa?.source ?? '', g.loc) })),
      ) ?? []),
    ];
    if (urls.length === 0) return notChecked('no VPN URL in the inputs');
    const out: Draft[] = [];
    for (const u of urls) {
      const host = urlHost(u.url);
      // Every input with the same host is evidence of the one finding (merged by the audit).
      if (!host || isIP(host) !== 0) continue;
      const ip = f.asa?.value.interfaces.find((i) => i.nameif?.value === 'outside')?.address?.value.ip;
      out.push(draft('hostname-needs-dns', { host, ...(ip ? { address: ip } : {}) }, [u.evidence]));
    }
    return out;
  },
});
