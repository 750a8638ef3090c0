// license-vpn-phone-disabled: `show version` says the AnyConnect for Cisco VPN Phone license is not enabled.
import { hasVpnHeadend } from '../../asa/running-config.js';
import { draft } from '../../findings/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { ev } from '../facts.js';

export const licenseVpnPhoneDisabled = defineCheck({
  id: 'license-vpn-phone-disabled',
  needs: 'show version',
  run(f) {
    const sv = f.showVersion;
    if (!sv) return notChecked('needs the output of `show version`');
    const cfg = f.asa?.value;
    // The license matters only where phones connect: not on an ASA whose whole configuration has no VPN headend.
    if (cfg?.coverage.complete && !hasVpnHeadend(cfg))
      return notChecked('the configuration has no remote-access VPN headend (no-vpn-headend)');
    const l = sv.value.vpnPhone;
    if (!l) return notChecked('`show version` has no "AnyConnect for Cisco VPN Phone" line');
    if (/^enabled/i.test(l.value)) return [];
    return [draft('license-vpn-phone-disabled', { value: l.value }, [ev(sv.source, l.loc)])];
  },
});
