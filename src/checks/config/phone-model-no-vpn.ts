// phone-model-no-vpn: a listed phone model lacks the "Virtual Private Network Client" feature.
import { type Finding, finding } from '../../report/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { phoneModelsOf } from '../derive.js';

export const phoneModelNoVpn = defineCheck({
  id: 'phone-model-no-vpn',
  needs: 'phone models (deployment, show vpn-sessiondb or phone configuration)',
  run(f) {
    const models = phoneModelsOf(f);
    if (models.length === 0)
      return notChecked("needs the phones' models (deployment, show vpn-sessiondb or phone configuration)");
    const out: Finding[] = [];
    const report =
      'Cisco Unified Reporting > Unified CM Phone Feature List: pick the model and look for "Virtual Private Network Client"';
    for (const m of models) {
      if (!m.model) {
        out.push(
          finding('phone-model-no-vpn', {
            severity: 'info',
            message: `Phone model "${m.name}" is not in vpnphone's catalogue: could not confirm it has a VPN client.`,
            evidence: [m.evidence],
            fix: report,
          }),
        );
      } else if (m.model.vpnClient.value === 'no') {
        out.push(
          finding('phone-model-no-vpn', {
            message: `The ${m.model.model} has no VPN client (${m.model.vpnClient.source}).`,
            evidence: [m.evidence],
            fix: `Use a VPN-capable model (e.g. 8811/8841/8851/8861, 7942/7962/7965/7975). Confirm with ${report}.`,
          }),
        );
      } else if (m.model.vpnClient.value === 'unknown') {
        out.push(
          finding('phone-model-no-vpn', {
            severity: 'info',
            message: `Could not confirm that the ${m.model.model} has a VPN client (${m.model.vpnClient.source}).`,
            evidence: [m.evidence],
            fix: report,
          }),
        );
      }
    }
    return out;
  },
});
