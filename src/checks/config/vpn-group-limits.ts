// vpn-group-limits: more than 3 gateways in a VPN group, more than 10 certificates in a gateway or group.
import { type Draft, draft } from '../../findings/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { ev } from '../facts.js';

export const vpnGroupLimits = defineCheck({
  id: 'vpn-group-limits',
  needs: 'AXL getVpnGroup/getVpnGateway responses (the deployment is validated when loaded)',
  run(f) {
    if (f.axl.length === 0) {
      if (f.deployment) return [];
      return notChecked('needs AXL getVpnGroup and getVpnGateway responses');
    }
    const out: Draft[] = [];
    const gateways = f.axl.flatMap((a) => a.value.gateways.map((g) => ({ g, source: a.source })));
    for (const { g, source } of gateways)
      if (g.certificateCount > 10)
        out.push(
          draft(
            'vpn-group-limits',
            { kind: 'gateway-certificates', gateway: g.name, count: g.certificateCount },
            [ev(source, g.loc)],
          ),
        );
    for (const a of f.axl)
      for (const grp of a.value.groups) {
        if (grp.gateways.length > 3)
          out.push(
            draft(
              'vpn-group-limits',
              { kind: 'group-gateways', group: grp.name, gateways: [...grp.gateways] },
              [ev(a.source, grp.loc)],
            ),
          );
        const total = grp.gateways.reduce(
          (n, name) => n + (gateways.find((x) => x.g.name === name)?.g.certificateCount ?? 0),
          0,
        );
        if (total > 10)
          out.push(
            draft('vpn-group-limits', { kind: 'group-certificates', group: grp.name, count: total }, [
              ev(a.source, grp.loc),
            ]),
          );
      }
    return out;
  },
});
