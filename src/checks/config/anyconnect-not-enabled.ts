// anyconnect-not-enabled: `webvpn` lacks `anyconnect enable`.
import { draft } from '../../findings/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { ev } from '../facts.js';
import { headendUnchecked } from './scope.js';

export const anyconnectNotEnabled = defineCheck({
  id: 'anyconnect-not-enabled',
  needs: 'running configuration',
  run(f) {
    const skip = headendUnchecked(f, ['webvpn']);
    if (skip || !f.asa) return skip ?? notChecked('needs the ASA running configuration');
    const w = f.asa.value.webvpn;
    if (w.anyconnectEnable) return [];
    return [
      draft(
        'anyconnect-not-enabled',
        { webvpnSection: w.loc !== undefined },
        w.loc ? [ev(f.asa.source, w.loc)] : [],
      ),
    ];
  },
});
