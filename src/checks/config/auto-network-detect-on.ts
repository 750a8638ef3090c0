// auto-network-detect-on: auto network detect is on, so the VPN starts only when the TFTP ping goes unanswered.
import { type Draft, draft } from '../../findings/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { ev } from '../facts.js';

export const autoNetworkDetectOn = defineCheck({
  id: 'auto-network-detect-on',
  needs: 'phone configuration, AXL getVpnProfile or deployment',
  run(f) {
    const out: Draft[] = [];
    let known = false;
    for (const pc of f.phoneConfigs) {
      const v = pc.parsed.vpn?.autoNetDetect;
      if (v === undefined) continue;
      known = true;
      const line = pc.parsed.lines['autoNetDetect'];
      if (v)
        out.push(
          draft('auto-network-detect-on', {}, [
            {
              source: pc.source,
              ...(line !== undefined ? { line } : {}),
              text: '<autoNetDetect>1</autoNetDetect>',
            },
          ]),
        );
    }
    for (const a of f.axl)
      for (const p of a.value.profiles) {
        if (p.autoNetworkDetect === undefined) continue;
        known = true;
        if (p.autoNetworkDetect) out.push(draft('auto-network-detect-on', {}, [ev(a.source, p.loc)]));
      }
    if (!known && f.deployment) {
      known = true;
      if (f.deployment.value.deployment.cucm.vpnProfile.autoNetworkDetect)
        out.push(
          draft('auto-network-detect-on', {}, [
            { source: f.deployment.source, text: 'cucm.vpnProfile.autoNetworkDetect: true' },
          ]),
        );
    }
    if (!known)
      return notChecked('needs a phone configuration, an AXL getVpnProfile response or --deployment');
    return out;
  },
});
