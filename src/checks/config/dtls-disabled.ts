// dtls-disabled: the phones' group policy has `anyconnect ssl dtls none`, so all voice runs over TCP.
import { effectiveGroupPolicy } from '../../asa/running-config.js';
import { type Draft, draft } from '../../findings/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { phoneGroupPolicies } from '../derive.js';
import { ev } from '../facts.js';
import { headendUnchecked } from './scope.js';

export const dtlsDisabled = defineCheck({
  id: 'dtls-disabled',
  needs: 'running configuration',
  run(f) {
    const skip = headendUnchecked(f, ['tunnel-group', 'group-policy']);
    if (skip || !f.asa) return skip ?? notChecked('needs the ASA running configuration');
    const out: Draft[] = [];
    for (const { name } of phoneGroupPolicies(f)) {
      const d = effectiveGroupPolicy(f.asa.value, name).anyconnectDtls;
      if (d?.value !== 'none') continue;
      out.push(draft('dtls-disabled', { groupPolicy: name, from: d.from }, [ev(f.asa.source, d.loc)]));
    }
    return out;
  },
});
