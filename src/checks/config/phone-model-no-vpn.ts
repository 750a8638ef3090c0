// phone-model-no-vpn: a listed phone model lacks the "Virtual Private Network Client" feature.
import { type Draft, draft } from '../../findings/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { phoneModelsOf } from '../derive.js';

export const phoneModelNoVpn = defineCheck({
  id: 'phone-model-no-vpn',
  needs: 'phone models (deployment, show vpn-sessiondb or phone configuration)',
  run(f) {
    const models = phoneModelsOf(f);
    if (models.length === 0)
      return notChecked("needs the phones' models (deployment, show vpn-sessiondb or phone configuration)");
    const out: Draft[] = [];
    for (const m of models) {
      if (!m.model) {
        out.push(
          draft('phone-model-no-vpn', { kind: 'not-in-catalogue', name: m.name }, [m.evidence], {
            severity: 'info',
          }),
        );
      } else if (m.model.vpnClient.value === 'no') {
        out.push(
          draft(
            'phone-model-no-vpn',
            { kind: 'no-vpn-client', model: m.model.model, source: m.model.vpnClient.source },
            [m.evidence],
          ),
        );
      } else if (m.model.vpnClient.value === 'unknown') {
        out.push(
          draft(
            'phone-model-no-vpn',
            { kind: 'unconfirmed', model: m.model.model, source: m.model.vpnClient.source },
            [m.evidence],
            { severity: 'info' },
          ),
        );
      }
    }
    return out;
  },
});
