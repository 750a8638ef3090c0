// group-url-mismatch: a phone/CUCM VPN URL equals no enabled ASA group-url, character for character.
import { type Finding, finding } from '../../report/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { phoneUrls } from '../derive.js';
import { ev } from '../facts.js';
import { closest, I } from './util.js';

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
    if (!f.asa) return notChecked('needs the ASA running configuration');
    const urls = phoneUrls(f);
    if (urls.length === 0)
      return notChecked('needs a phone configuration file, an AXL getVpnGateway response or --deployment');
    const src = f.asa.source;
    const all = f.asa.value.tunnelGroups.flatMap((tg) => tg.groupUrls.map((g) => ({ tg, g })));
    const enabled = all.filter((x) => x.g.enabled);
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const u of urls) {
      if (enabled.some((x) => x.g.url === u.url)) continue;
      const key = `${u.url}\u0000${u.evidence.source}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const disabled = all.find((x) => x.g.url === u.url);
      const near =
        closest(
          u.url,
          enabled.map((x) => x.g.url),
        ) ?? enabled[0]?.g.url;
      const nearTg = enabled.find((x) => x.g.url === near);
      let message: string;
      let fix: string;
      if (disabled) {
        message = `${u.url} is a group-url of tunnel group "${disabled.tg.name}" but it is not enabled.`;
        fix = `tunnel-group ${disabled.tg.name} webvpn-attributes\n${I}group-url ${u.url} enable`;
      } else if (near && nearTg) {
        message = `The phones use ${u.url} but the ASA's group-url is ${near} (they differ in: ${describeUrlDifference(u.url, near)}). Phones would land in the wrong tunnel group.`;
        fix =
          u.origin === 'phone-config' || u.origin === 'axl'
            ? `Either set the CUCM VPN gateway URL (Advanced Features > VPN > VPN Gateway) to exactly ${near} and reset the phones while inside, or on the ASA:\ntunnel-group ${nearTg.tg.name} webvpn-attributes\n${I}group-url ${u.url} enable`
            : `tunnel-group ${nearTg.tg.name} webvpn-attributes\n${I}group-url ${u.url} enable\n(or change the deployment's gateway URL to ${near})`;
      } else {
        message = `The phones use ${u.url} but the ASA has no enabled group-url at all.`;
        fix = `tunnel-group <phones' tunnel group> webvpn-attributes\n${I}group-url ${u.url} enable`;
      }
      out.push(
        finding('group-url-mismatch', {
          message,
          evidence: [
            u.evidence,
            ...(disabled ? [ev(src, disabled.g.loc)] : nearTg ? [ev(src, nearTg.g.loc)] : []),
          ],
          fix,
        }),
      );
    }
    return out;
  },
});
