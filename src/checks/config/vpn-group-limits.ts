// vpn-group-limits: more than 3 gateways in a VPN group, more than 10 certificates in a gateway or group.
import { type Finding, finding } from '../../report/finding.js';
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
    const out: Finding[] = [];
    const gateways = f.axl.flatMap((a) => a.value.gateways.map((g) => ({ g, source: a.source })));
    for (const { g, source } of gateways)
      if (g.certificateCount > 10)
        out.push(
          finding('vpn-group-limits', {
            message: `VPN gateway "${g.name}" holds ${g.certificateCount} certificates (at most 10).`,
            evidence: [ev(source, g.loc)],
            fix: `CUCM: Advanced Features > VPN > VPN Gateway "${g.name}": remove expired or replaced certificates until at most 10 remain.`,
          }),
        );
    for (const a of f.axl)
      for (const grp of a.value.groups) {
        if (grp.gateways.length > 3)
          out.push(
            finding('vpn-group-limits', {
              message: `VPN group "${grp.name}" has ${grp.gateways.length} gateways (phones use at most 3: url1..url3).`,
              evidence: [ev(a.source, grp.loc)],
              fix: `CUCM: Advanced Features > VPN > VPN Group "${grp.name}": keep at most 3 gateways (${grp.gateways.slice(0, 3).join(', ')}).`,
            }),
          );
        const total = grp.gateways.reduce(
          (n, name) => n + (gateways.find((x) => x.g.name === name)?.g.certificateCount ?? 0),
          0,
        );
        if (total > 10)
          out.push(
            finding('vpn-group-limits', {
              message: `The gateways of VPN group "${grp.name}" hold ${total} certificates (a phone takes at most 10 certHash entries).`,
              evidence: [ev(a.source, grp.loc)],
              fix: 'Remove replaced certificates from the gateways of this group until at most 10 remain in all.',
            }),
          );
      }
    return out;
  },
});
