// vpn-profile-out-of-range: MTU outside 256–1406 or fail-to-connect outside 0–600 seconds.

import { type Draft, draft } from '../../findings/finding.js';
import type { Evidence } from '../../findings/types.js';
import { defineCheck, notChecked } from '../define.js';
import { ev } from '../facts.js';

export const vpnProfileOutOfRange = defineCheck({
  id: 'vpn-profile-out-of-range',
  needs: 'phone configuration or AXL getVpnProfile (the deployment is validated when loaded)',
  run(f) {
    const out: Draft[] = [];
    /** `profile`: the AXL VPN profile's name; a phone configuration is named by its evidence (so many merge). */
    const check = (
      profile: string | undefined,
      mtu: number | undefined,
      fail: number | undefined,
      mtuEv: Evidence,
      failEv: Evidence,
    ) => {
      const p = profile !== undefined ? { profile } : {};
      if (mtu !== undefined && (mtu < 256 || mtu > 1406))
        out.push(draft('vpn-profile-out-of-range', { field: 'mtu', value: mtu, ...p }, [mtuEv]));
      if (fail !== undefined && (fail < 0 || fail > 600))
        out.push(
          draft('vpn-profile-out-of-range', { field: 'fail-to-connect', value: fail, ...p }, [failEv]),
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
      check(undefined, v.mtu, v.failConnectTime, e('mtu', v.mtu), e('failConnectTime', v.failConnectTime));
    }
    for (const a of f.axl)
      for (const p of a.value.profiles) {
        const e = ev(a.source, p.loc);
        check(p.name, p.mtu, p.failToConnect, e, e);
      }
    if (f.phoneConfigs.every((p) => !p.parsed.vpn) && f.axl.length === 0 && !f.deployment)
      return notChecked('needs a phone configuration or an AXL getVpnProfile response');
    return out;
  },
});
