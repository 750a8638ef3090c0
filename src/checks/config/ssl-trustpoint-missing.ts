// ssl-trustpoint-missing: no `ssl trust-point` for the phones' interface, so the ASA presents a temporary self-signed certificate.
import { draft } from '../../findings/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { outsideInterface, sslTrustpointFor } from '../derive.js';
import { ev } from '../facts.js';
import { headendUnchecked } from './scope.js';

export const sslTrustpointMissing = defineCheck({
  id: 'ssl-trustpoint-missing',
  needs: 'running configuration',
  run(f) {
    const skip = headendUnchecked(f, ['ssl']);
    if (skip || !f.asa) return skip ?? notChecked('needs the ASA running configuration');
    const outside = outsideInterface(f);
    if (!outside) return notChecked('cannot tell which interface phones reach');
    if (sslTrustpointFor(f, outside.name)) return [];
    const cfg = f.asa.value;
    const identity =
      cfg.trustpoints.find((t) => t.enrollment?.value === 'self') ??
      cfg.trustpoints.find((t) =>
        cfg.certificateChains.some(
          (c) => c.trustpoint === t.name && c.certificates.some((x) => x.role === 'identity'),
        ),
      );
    return [
      // Without an identity trustpoint in the configuration, the fix names the deployment's (or a placeholder).
      draft(
        'ssl-trustpoint-missing',
        { iface: outside.name, ...(identity ? { trustpoint: identity.name } : {}) },
        [
          ...cfg.sslTrustPoints.map((t) => ev(f.asa?.source ?? '', t.loc)),
          ...(identity ? [ev(f.asa.source, identity.loc)] : []),
        ],
      ),
    ];
  },
});
