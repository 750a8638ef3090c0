// group-url-missing: the phones' tunnel group has no `group-url ... enable`.
import { type Finding, finding } from '../../report/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { phoneTunnelGroups, phoneUrls } from '../derive.js';
import { ev } from '../facts.js';
import { I } from './util.js';

export const groupUrlMissing = defineCheck({
  id: 'group-url-missing',
  needs: 'running configuration',
  run(f) {
    if (!f.asa) return notChecked('needs the ASA running configuration');
    const src = f.asa.source;
    const url = phoneUrls(f)[0]?.url ?? 'https://<host>/<path>';
    const { groups } = phoneTunnelGroups(f);
    if (groups.length === 0) {
      if (f.asa.value.tunnelGroups.length > 0)
        return notChecked('cannot tell which tunnel group the phones use');
      return [
        finding('group-url-missing', {
          message:
            'The configuration has no tunnel group for the phones (no `tunnel-group ... webvpn-attributes` with a group-url).',
          fix: `tunnel-group <name> type remote-access\ntunnel-group <name> webvpn-attributes\n${I}group-url ${url} enable`,
        }),
      ];
    }
    const out: Finding[] = [];
    for (const tg of groups) {
      if (tg.groupUrls.some((g) => g.enabled)) continue;
      out.push(
        finding('group-url-missing', {
          message: `Tunnel group "${tg.name}" has no enabled group-url: phones connecting to ${url} land in the default tunnel group.`,
          evidence: [ev(src, tg.webvpnAttributes ?? tg.firstLoc), ...tg.groupUrls.map((g) => ev(src, g.loc))],
          fix: `tunnel-group ${tg.name} webvpn-attributes\n${I}group-url ${tg.groupUrls[0]?.url ?? url} enable`,
        }),
      );
    }
    return out;
  },
});
