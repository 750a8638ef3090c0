// group-policy-no-ssl-client: the phones' group policy (or DfltGrpPolicy it inherits from) excludes ssl-client.
import { effectiveGroupPolicy } from '../../asa/running-config.js';
import { type Finding, finding } from '../../report/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { phoneGroupPolicies } from '../derive.js';
import { ev } from '../facts.js';
import { I } from './util.js';

export const groupPolicyNoSslClient = defineCheck({
  id: 'group-policy-no-ssl-client',
  needs: 'running configuration',
  run(f) {
    if (!f.asa) return notChecked('needs the ASA running configuration');
    const src = f.asa.source;
    const out: Finding[] = [];
    for (const { tunnelGroup: tg, name } of phoneGroupPolicies(f)) {
      const vtp = effectiveGroupPolicy(f.asa.value, name).vpnTunnelProtocol;
      if (!vtp || vtp.value.includes('ssl-client')) continue;
      const inherited = vtp.from !== name ? ` (inherited from ${vtp.from})` : '';
      out.push(
        finding('group-policy-no-ssl-client', {
          message: `Tunnel group "${tg.name}" uses group policy "${name}", whose vpn-tunnel-protocol${inherited} is "${vtp.value.join(' ')}" without ssl-client: AnyConnect phones are refused.`,
          evidence: [
            ...(tg.defaultGroupPolicy ? [ev(src, tg.defaultGroupPolicy.loc)] : []),
            ev(src, vtp.loc),
          ],
          fix: `group-policy ${name} attributes\n${I}vpn-tunnel-protocol ${[...vtp.value, 'ssl-client'].join(' ')}`,
        }),
      );
    }
    return out;
  },
});
