// group-policy-no-ssl-client: the phones' group policy (or DfltGrpPolicy it inherits from) excludes ssl-client.
import { effectiveGroupPolicy } from '../../asa/running-config.js';
import { type Draft, draft } from '../../findings/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { phoneGroupPolicies } from '../derive.js';
import { ev } from '../facts.js';
import { headendUnchecked } from './scope.js';

export const groupPolicyNoSslClient = defineCheck({
  id: 'group-policy-no-ssl-client',
  needs: 'running configuration',
  run(f) {
    const skip = headendUnchecked(f, ['tunnel-group', 'group-policy']);
    if (skip || !f.asa) return skip ?? notChecked('needs the ASA running configuration');
    const src = f.asa.source;
    const out: Draft[] = [];
    for (const { tunnelGroup: tg, name } of phoneGroupPolicies(f)) {
      const vtp = effectiveGroupPolicy(f.asa.value, name).vpnTunnelProtocol;
      if (!vtp || vtp.value.includes('ssl-client')) continue;
      out.push(
        draft(
          'group-policy-no-ssl-client',
          {
            tunnelGroup: tg.name,
            groupPolicy: name,
            ...(vtp.from !== name ? { inheritedFrom: vtp.from } : {}),
            protocols: [...vtp.value],
          },
          [...(tg.defaultGroupPolicy ? [ev(src, tg.defaultGroupPolicy.loc)] : []), ev(src, vtp.loc)],
        ),
      );
    }
    return out;
  },
});
