// hostname-needs-dns: the VPN URL uses a host name, so phones outside need a DNS server that resolves it.
import { isIP } from 'node:net';
import { type Finding, finding } from '../../report/finding.js';
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
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const u of urls) {
      const host = urlHost(u.url);
      if (!host || isIP(host) !== 0 || seen.has(host)) continue;
      seen.add(host);
      const ip = f.asa?.value.interfaces.find((i) => i.nameif?.value === 'outside')?.address?.value.ip;
      out.push(
        finding('hostname-needs-dns', {
          message: `The VPN URL uses the host name ${host}: phones outside need a DNS server that resolves it (else DnsLookupErr after ~30 s).`,
          evidence: [u.evidence],
          fix: `Make sure the DHCP server of the phones' home network gives a DNS server that resolves ${host}; or use the address${ip ? ` (${ip})` : ''} in the ASA group-url and the CUCM VPN gateway URL.`,
        }),
      );
    }
    return out;
  },
});
