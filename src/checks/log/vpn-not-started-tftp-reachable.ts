// vpn-not-started-tftp-reachable: auto network detect got a ping answer, so the VPN stayed off.
import { finding } from '../../report/finding.js';
import { AUTODETECT_KINDS, autoDetectTracker, pingedAddressNote } from './autodetect.js';
import { defineCheck, evidenceList } from './define.js';
import { tftpReachableFix } from './fixes.js';

export default defineCheck({
  id: 'vpn-not-started-tftp-reachable',
  kinds: AUTODETECT_KINDS,
  create(ctx, report) {
    return autoDetectTracker((r) => {
      if (!r.answer || r.enabled) return;
      report(
        finding('vpn-not-started-tftp-reachable', {
          message: `Auto network detect got an answer to its ping, so the phone took itself to be inside and kept the VPN off. ${pingedAddressNote(ctx, r)}`,
          evidence: evidenceList([r.ping, r.answer, r.disabled]),
          fix: tftpReachableFix(ctx),
        }),
      );
    });
  },
});
