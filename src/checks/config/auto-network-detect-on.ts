// auto-network-detect-on: auto network detect is on, so the VPN starts only when the TFTP ping goes unanswered.
import { type Finding, finding } from '../../report/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { ev } from '../facts.js';

export const autoNetworkDetectOn = defineCheck({
  id: 'auto-network-detect-on',
  needs: 'phone configuration, AXL getVpnProfile or deployment',
  run(f) {
    const out: Finding[] = [];
    const tftp = [...new Set(f.deployment?.value.deployment.phones.map((p) => p.tftp) ?? [])];
    const fix = `Make sure ${tftp.length ? tftp.join(', ') : 'the TFTP address'} does not answer pings from outside; users cannot start the VPN by hand while this is on.`;
    const message =
      'Auto network detect is on: at power-up the phone pings its TFTP server and starts the VPN only when nobody answers; manual VPN start is impossible.';
    let known = false;
    for (const pc of f.phoneConfigs) {
      const v = pc.parsed.vpn?.autoNetDetect;
      if (v === undefined) continue;
      known = true;
      const line = pc.parsed.lines['autoNetDetect'];
      if (v)
        out.push(
          finding('auto-network-detect-on', {
            message,
            evidence: [
              {
                source: pc.source,
                ...(line !== undefined ? { line } : {}),
                text: '<autoNetDetect>1</autoNetDetect>',
              },
            ],
            fix,
          }),
        );
    }
    for (const a of f.axl)
      for (const p of a.value.profiles) {
        if (p.autoNetworkDetect === undefined) continue;
        known = true;
        if (p.autoNetworkDetect)
          out.push(
            finding('auto-network-detect-on', {
              message,
              evidence: [ev(a.source, p.loc)],
              fix,
            }),
          );
      }
    if (!known && f.deployment) {
      known = true;
      if (f.deployment.value.deployment.cucm.vpnProfile.autoNetworkDetect)
        out.push(
          finding('auto-network-detect-on', {
            message,
            evidence: [{ source: f.deployment.source, text: 'cucm.vpnProfile.autoNetworkDetect: true' }],
            fix,
          }),
        );
    }
    if (!known)
      return notChecked('needs a phone configuration, an AXL getVpnProfile response or --deployment');
    return out;
  },
});
