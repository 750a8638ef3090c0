// license-vpn-phone-disabled: `show version` says the AnyConnect for Cisco VPN Phone license is not enabled.
import { finding } from '../../report/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { ev } from '../facts.js';

export const licenseVpnPhoneDisabled = defineCheck({
  id: 'license-vpn-phone-disabled',
  needs: 'show version',
  run(f) {
    const sv = f.showVersion;
    if (!sv) return notChecked('needs the output of `show version`');
    const l = sv.value.vpnPhone;
    if (!l) return notChecked('`show version` has no "AnyConnect for Cisco VPN Phone" line');
    if (/^enabled/i.test(l.value)) return [];
    return [
      finding('license-vpn-phone-disabled', {
        message: `The ASA reports "AnyConnect for Cisco VPN Phone : ${l.value}": phones cannot build a tunnel.`,
        evidence: [ev(sv.source, l.loc)],
        fix:
          'Obtain a license that enables "AnyConnect for Cisco VPN Phone" (Cisco licensing team), install it, then check:\n' +
          'show version | include VPN Phone',
      }),
    ];
  },
});
