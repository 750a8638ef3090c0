// group-url-mismatch: a phone/CUCM VPN URL equals no enabled ASA group-url, character for character.
import type { GroupUrlMismatch } from '../../findings/catalogue/config.js';
import { draft } from '../../findings/finding.js';
import type { Evidence } from '../../findings/types.js';
import { defineCheck, notChecked } from '../define.js';
import { phoneUrls } from '../derive.js';
import { ev } from '../facts.js';
import { headendUnchecked } from './scope.js';
import { closest } from './util.js';

/** Says how two URLs differ, in the terms an engineer checks: scheme, host, path, trailing slash. */
export function describeUrlDifference(a: string, b: string): string {
  try {
    const x = new URL(a);
    const y = new URL(b);
    const parts: string[] = [];
    if (x.protocol !== y.protocol) parts.push('scheme');
    if (x.host.toLowerCase() !== y.host.toLowerCase()) parts.push('host');
    else if (x.host !== y.host) parts.push('host letter case');
    const px = x.pathname.replace(/\/$/, '');
    const py = y.pathname.replace(/\/$/, '');
    if (px.toLowerCase() !== py.toLowerCase()) parts.push('path');
    else if (px !== py) parts.push('path letter case');
    else if (x.pathname !== y.pathname) parts.push('trailing slash');
    return parts.length ? parts.join(', ') : 'text';
  } catch {
    return 'text';
  }
}

export const groupUrlMismatch = defineCheck({
  id: 'group-url-mismatch',
  needs: 'running configuration + phone configuration, CUCM gateway (AXL) or deployment',
  run(f) {
    const skip = headendUnchecked(f, ['tunnel-group']);
    if (skip || !f.asa) return skip ?? notChecked('needs the ASA running configuration');
    const urls = phoneUrls(f);
    if (urls.length === 0)
      return notChecked('needs a phone configuration file, an AXL getVpnGateway response or --deployment');
    const src = f.asa.source;
    const all = f.asa.value.tunnelGroups.flatMap((tg) => tg.groupUrls.map((g) => ({ tg, g })));
    const enabled = all.filter((x) => x.g.enabled);
    // One finding per URL (and per side it is set on), listing every input that uses it.
    const byUrl = new Map<string, { data: GroupUrlMismatch; uses: Evidence[]; asaLine: Evidence[] }>();
    for (const u of urls) {
      if (enabled.some((x) => x.g.url === u.url)) continue;
      const side = u.origin === 'phone-config' || u.origin === 'axl' ? 'cucm' : 'deployment';
      const key = `${u.url}\u0000${side}`;
      const had = byUrl.get(key);
      if (had) {
        if (!had.uses.some((e) => e.source === u.evidence.source && e.line === u.evidence.line))
          had.uses.push(u.evidence);
        continue;
      }
      const disabled = all.find((x) => x.g.url === u.url);
      const near =
        closest(
          u.url,
          enabled.map((x) => x.g.url),
        ) ?? enabled[0]?.g.url;
      const nearTg = enabled.find((x) => x.g.url === near);
      const data: GroupUrlMismatch = disabled
        ? { kind: 'disabled', url: u.url, tunnelGroup: disabled.tg.name }
        : near && nearTg
          ? {
              kind: 'near',
              url: u.url,
              near,
              differ: describeUrlDifference(u.url, near),
              tunnelGroup: nearTg.tg.name,
              side,
            }
          : { kind: 'none', url: u.url };
      const asaLine = disabled ? [ev(src, disabled.g.loc)] : nearTg ? [ev(src, nearTg.g.loc)] : [];
      byUrl.set(key, { data, uses: [u.evidence], asaLine });
    }
    return [...byUrl.values()].map((x) => draft('group-url-mismatch', x.data, [...x.uses, ...x.asaLine]));
  },
});
