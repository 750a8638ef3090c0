// vpn-not-started-tftp-reachable: auto network detect got a ping answer, so the VPN stayed off.
import { finding } from '../../report/finding.js';
import { AUTODETECT_KINDS, autoDetectTracker, pingedAddressNote } from './autodetect.js';
import { tftpAddresses } from './context.js';
import { defineCheck, evidenceList } from './define.js';

export default defineCheck({
  id: 'vpn-not-started-tftp-reachable',
  kinds: AUTODETECT_KINDS,
  create(ctx, report) {
    return autoDetectTracker((r) => {
      if (!r.answer || r.enabled) return;
      const tftp = tftpAddresses(ctx);
      report(
        finding('vpn-not-started-tftp-reachable', {
          message: `Auto network detect got an answer to its ping, so the phone took itself to be inside and kept the VPN off. ${pingedAddressNote(ctx, r)}`,
          evidence: evidenceList([r.ping, r.answer, r.disabled]),
          fix:
            `Check in this order: the address pinged must be the internal TFTP server${tftp.length > 0 ? ` (${tftp.join(', ')})` : ''}; ` +
            "it must not answer pings from the phone's outside network (filter ICMP or change the alternate TFTP); then the VPN is enabled after the ping times out.",
        }),
      );
    });
  },
});
