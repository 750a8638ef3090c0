// vpn-not-started-tftp-reachable: auto network detect got a ping answer, so the VPN stayed off.
import { draft } from '../../findings/finding.js';
import { AUTODETECT_KINDS, autoDetectTracker, pingedAddress } from './autodetect.js';
import { defineCheck, evidenceList } from './define.js';

export default defineCheck({
  id: 'vpn-not-started-tftp-reachable',
  kinds: AUTODETECT_KINDS,
  create(report) {
    return autoDetectTracker((r) => {
      if (!r.answer || r.enabled) return;
      report(
        draft(
          'vpn-not-started-tftp-reachable',
          pingedAddress(r),
          evidenceList([r.ping, r.answer, r.disabled]),
        ),
      );
    });
  },
});
