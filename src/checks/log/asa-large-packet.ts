// asa-large-packet: ASA 722035 / 722036 received / transmitting a packet larger than the tunnel allows.

import { sessionCheck } from './session.js';

export default sessionCheck('asa-large-packet', 'headend-large-packet', () => {
  const directions = new Set<'in' | 'out'>();
  let size: number | undefined;
  let threshold: number | undefined;
  return {
    event(e) {
      directions.add(e.fields.direction === 'in' ? 'in' : 'out');
      const s = Number(e.fields.size);
      if (e.fields.size !== undefined && Number.isFinite(s) && (size === undefined || s > size)) {
        size = s;
        threshold = Number(e.fields.threshold);
      }
    },
    data: (base) => ({
      ...base,
      directions: [...directions].sort(),
      ...(size !== undefined && threshold !== undefined ? { size, threshold } : {}),
    }),
  };
});
