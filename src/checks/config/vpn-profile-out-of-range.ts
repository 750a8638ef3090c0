// vpn-profile-out-of-range: MTU outside 256–1406 or fail-to-connect outside 0–600 seconds.

import type { Evidence } from '../../report/finding.js';
import { type Finding, finding } from '../../report/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { ev } from '../facts.js';

export const vpnProfileOutOfRange = defineCheck({
  id: 'vpn-profile-out-of-range',
  needs: 'phone configuration or AXL getVpnProfile (the deployment is validated when loaded)',
  run(f) {
    const out: Finding[] = [];
    const check = (
      name: string,
      mtu: number | undefined,
      fail: number | undefined,
      mtuEv: Evidence,
      failEv: Evidence,
    ) => {
      if (mtu !== undefined && (mtu < 256 || mtu > 1406))
        out.push(
          finding('vpn-profile-out-of-range', {
            message: `${name}: MTU ${mtu} is outside 256–1406.`,
            evidence: [mtuEv],
            fix: 'CUCM: Advanced Features > VPN > VPN Profile > MTU: 1290 (the default) or another value in 256–1406; reset the phones while inside.',
          }),
        );
      if (fail !== undefined && (fail < 0 || fail > 600))
        out.push(
          finding('vpn-profile-out-of-range', {
            message: `${name}: fail-to-connect ${fail} s is outside 0–600.`,
            evidence: [failEv],
            fix: 'CUCM: Advanced Features > VPN > VPN Profile > Fail to Connect: 30 (the default) or another value in 0–600.',
          }),
        );
    };
    for (const pc of f.phoneConfigs) {
      const v = pc.parsed.vpn;
      if (!v) continue;
      const l = pc.parsed.lines;
      const e = (tag: string, val: number | undefined): Evidence => ({
        source: pc.source,
        ...(l[tag] !== undefined ? { line: l[tag] } : {}),
        text: `<${tag}>${val}</${tag}>`,
      });
      check(pc.source, v.mtu, v.failConnectTime, e('mtu', v.mtu), e('failConnectTime', v.failConnectTime));
    }
    for (const a of f.axl)
      for (const p of a.value.profiles) {
        const e = ev(a.source, p.loc);
        check(`VPN profile ${p.name}`, p.mtu, p.failToConnect, e, e);
      }
    if (f.phoneConfigs.every((p) => !p.parsed.vpn) && f.axl.length === 0 && !f.deployment)
      return notChecked('needs a phone configuration or an AXL getVpnProfile response');
    return out;
  },
});
