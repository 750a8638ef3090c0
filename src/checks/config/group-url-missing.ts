// group-url-missing: the phones' tunnel group has no `group-url ... enable`.
import { type Draft, draft } from '../../findings/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { phoneTunnelGroups, phoneUrls } from '../derive.js';
import { ev } from '../facts.js';
import { headendUnchecked } from './scope.js';

export const groupUrlMissing = defineCheck({
  id: 'group-url-missing',
  needs: 'running configuration',
  run(f) {
    const skip = headendUnchecked(f, ['tunnel-group']);
    if (skip || !f.asa) return skip ?? notChecked('needs the ASA running configuration');
    const src = f.asa.source;
    const url = phoneUrls(f)[0]?.url ?? 'https://<host>/<path>';
    const { groups } = phoneTunnelGroups(f);
    if (groups.length === 0) {
      if (f.asa.value.tunnelGroups.length > 0)
        return notChecked('cannot tell which tunnel group the phones use');
      return [draft('group-url-missing', { url, fixUrl: url })];
    }
    const out: Draft[] = [];
    for (const tg of groups) {
      if (tg.groupUrls.some((g) => g.enabled)) continue;
      out.push(
        draft('group-url-missing', { tunnelGroup: tg.name, url, fixUrl: tg.groupUrls[0]?.url ?? url }, [
          ev(src, tg.webvpnAttributes ?? tg.firstLoc),
          ...tg.groupUrls.map((g) => ev(src, g.loc)),
        ]),
      );
    }
    return out;
  },
});
