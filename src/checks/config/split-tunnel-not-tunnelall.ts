// split-tunnel-not-tunnelall: the phones' group policy (or DfltGrpPolicy it inherits from) split-tunnels.
import { DEFAULT_GROUP_POLICY } from '../../asa/running-config.js';
import { type Draft, draft } from '../../findings/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { phoneGroupPolicies } from '../derive.js';
import { ev } from '../facts.js';

export const splitTunnelNotTunnelall = defineCheck({
  id: 'split-tunnel-not-tunnelall',
  needs: 'running configuration',
  run(f) {
    if (!f.asa) return notChecked('needs the ASA running configuration (show running-config group-policy)');
    const cfg = f.asa.value;
    const out: Draft[] = [];
    for (const { name } of phoneGroupPolicies(f)) {
      const own = cfg.groupPolicies.find((g) => g.name === name)?.splitTunnelPolicy;
      const dflt = cfg.groupPolicies.find((g) => g.name === DEFAULT_GROUP_POLICY)?.splitTunnelPolicy;
      const p = own ?? dflt;
      // Without the line the ASA tunnels everything (its default).
      if (!p || p.value === 'tunnelall') continue;
      out.push(
        draft(
          'split-tunnel-not-tunnelall',
          { groupPolicy: name, policy: p.value, from: own ? name : DEFAULT_GROUP_POLICY },
          [ev(f.asa.source, p.loc)],
        ),
      );
    }
    return out;
  },
});
