// auth-method-mismatch: the tunnel group's authentication (certificate/aaa) disagrees with the VPN profile's authMethod.
import { type Finding, finding } from '../../report/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { phoneAuthMethods, phoneTunnelGroups, tunnelGroupAuth } from '../derive.js';
import { ev } from '../facts.js';
import { I } from './util.js';

const PROFILE_TEXT = {
  certificate: 'Certificate',
  'user-password': 'User and Password',
  'password-only': 'Password Only',
};

export const authMethodMismatch = defineCheck({
  id: 'auth-method-mismatch',
  needs: 'running configuration + phone configuration, AXL getVpnProfile or deployment',
  run(f) {
    if (!f.asa) return notChecked('needs the ASA running configuration');
    const methods = phoneAuthMethods(f);
    if (methods.length === 0)
      return notChecked('needs a phone configuration file, an AXL getVpnProfile response or --deployment');
    const src = f.asa.source;
    const out: Finding[] = [];
    for (const tg of phoneTunnelGroups(f).groups) {
      const auth = tunnelGroupAuth(tg);
      const asaText = tg.authentication?.value.join(' ') ?? 'aaa (default)';
      for (const m of methods) {
        const phoneCert = m.method === 'certificate';
        const both = auth.certificate && auth.aaa;
        if (both) {
          out.push(
            finding('auth-method-mismatch', {
              severity: 'info',
              message: `Tunnel group "${tg.name}" asks for both a certificate and a password (authentication ${asaText}); a phone sends one of them (${m.method}). Could not confirm that this works.`,
              evidence: [...(auth.loc ? [ev(src, auth.loc)] : []), m.evidence],
              fix: `tunnel-group ${tg.name} webvpn-attributes\n${I}authentication ${phoneCert ? 'certificate' : 'aaa'}`,
            }),
          );
          continue;
        }
        if (phoneCert === auth.certificate) continue;
        out.push(
          finding('auth-method-mismatch', {
            message: `Tunnel group "${tg.name}" uses "authentication ${asaText}" but the phones' VPN profile uses ${PROFILE_TEXT[m.method]} authentication.`,
            evidence: [ev(src, auth.loc ?? tg.webvpnAttributes ?? tg.firstLoc), m.evidence],
            fix: `Either on the ASA:\ntunnel-group ${tg.name} webvpn-attributes\n${I}authentication ${phoneCert ? 'certificate' : 'aaa'}\nor in CUCM (Advanced Features > VPN > VPN Profile > Client Authentication Method): ${auth.certificate ? 'Certificate' : 'User and Password'}, then reset the phones while inside.`,
          }),
        );
      }
    }
    return out;
  },
});
