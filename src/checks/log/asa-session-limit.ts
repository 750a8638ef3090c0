// asa-session-limit: ASA 716023 / 113029 `session limit of N reached`: no VPN peer left for the phone.

import { sessionCheck } from './session.js';

export default sessionCheck('asa-session-limit', 'headend-session-limit', () => {
  const limits = new Set<number>();
  return {
    event(e) {
      const n = Number(e.fields.limit);
      if (Number.isFinite(n) && limits.size < 5) limits.add(n);
    },
    data: (base) => ({ ...base, limits: [...limits] }),
  };
});
