// vpn-auto-started: the ping timed out and the VPN was enabled (normal outside).
import { finding } from '../../report/finding.js';
import { AUTODETECT_KINDS, autoDetectTracker, pingedAddressNote } from './autodetect.js';
import { defineCheck, evidenceList } from './define.js';

export default defineCheck({
  id: 'vpn-auto-started',
  kinds: AUTODETECT_KINDS,
  create(ctx, report) {
    return autoDetectTracker((r) => {
      if (!r.timeout || r.answer || !r.enabled) return;
      report(
        finding('vpn-auto-started', {
          message: `Auto network detect: the ping timed out and the VPN was enabled, as expected outside. ${pingedAddressNote(ctx, r)}`,
          evidence: evidenceList([r.ping, r.timeout, r.enabled]),
        }),
      );
    });
  },
});
