// webvpn-not-enabled: `webvpn` has no `enable <nameif>` for the interface phones reach.
import { draft } from '../../findings/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { outsideInterface } from '../derive.js';
import { ev } from '../facts.js';
import { headendUnchecked } from './scope.js';

export const webvpnNotEnabled = defineCheck({
  id: 'webvpn-not-enabled',
  needs: 'running configuration',
  run(f) {
    const skip = headendUnchecked(f, ['webvpn']);
    if (skip || !f.asa) return skip ?? notChecked('needs the ASA running configuration');
    const outside = outsideInterface(f);
    if (!outside)
      return notChecked('cannot tell which interface phones reach (give --deployment or show ip)');
    const w = f.asa.value.webvpn;
    if (w.enables.some((e) => e.value === outside.name)) return [];
    const others = w.enables.map((e) => e.value);
    return [
      draft(
        'webvpn-not-enabled',
        { iface: outside.name, why: outside.why, enabledOn: others },
        w.loc ? [ev(f.asa.source, w.loc), ...w.enables.map((e) => ev(f.asa?.source ?? '', e.loc))] : [],
      ),
    ];
  },
});
