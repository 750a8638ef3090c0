// vpn-auto-started: the ping timed out and the VPN was enabled (normal outside).
import { draft } from '../../findings/finding.js';
import { AUTODETECT_KINDS, autoDetectTracker, pingedAddress } from './autodetect.js';
import { defineCheck, evidenceList } from './define.js';

export default defineCheck({
  id: 'vpn-auto-started',
  kinds: AUTODETECT_KINDS,
  create(report) {
    return autoDetectTracker((r) => {
      if (!r.timeout || r.answer || !r.enabled) return;
      report(draft('vpn-auto-started', pingedAddress(r), evidenceList([r.ping, r.timeout, r.enabled])));
    });
  },
});
