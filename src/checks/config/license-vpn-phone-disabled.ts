// license-vpn-phone-disabled: `show version` says the AnyConnect for Cisco VPN Phone license is not enabled.
import { draft } from '../../findings/finding.js';
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
    return [draft('license-vpn-phone-disabled', { value: l.value }, [ev(sv.source, l.loc)])];
  },
});
