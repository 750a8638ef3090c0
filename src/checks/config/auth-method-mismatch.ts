// auth-method-mismatch: the tunnel group's authentication (certificate/aaa) disagrees with the VPN profile's authMethod.
import { type Draft, draft } from '../../findings/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { phoneAuthMethods, phoneTunnelGroups, tunnelGroupAuth } from '../derive.js';
import { ev } from '../facts.js';
import { headendUnchecked } from './scope.js';

export const authMethodMismatch = defineCheck({
  id: 'auth-method-mismatch',
  needs: 'running configuration + phone configuration, AXL getVpnProfile or deployment',
  run(f) {
    const skip = headendUnchecked(f, ['tunnel-group']);
    if (skip || !f.asa) return skip ?? notChecked('needs the ASA running configuration');
    const methods = phoneAuthMethods(f);
    if (methods.length === 0)
      return notChecked('needs a phone configuration file, an AXL getVpnProfile response or --deployment');
    const src = f.asa.source;
    const out: Draft[] = [];
    for (const tg of phoneTunnelGroups(f).groups) {
      const auth = tunnelGroupAuth(tg);
      const asaText = tg.authentication?.value.join(' ') ?? 'aaa (default)';
      for (const m of methods) {
        const phoneCert = m.method === 'certificate';
        const both = auth.certificate && auth.aaa;
        if (both) {
          out.push(
            draft(
              'auth-method-mismatch',
              { both: true, tunnelGroup: tg.name, asaText, method: m.method, phoneCert },
              [...(auth.loc ? [ev(src, auth.loc)] : []), m.evidence],
              { severity: 'info' },
            ),
          );
          continue;
        }
        if (phoneCert === auth.certificate) continue;
        out.push(
          draft(
            'auth-method-mismatch',
            {
              both: false,
              tunnelGroup: tg.name,
              asaText,
              method: m.method,
              phoneCert,
              asaCertificate: auth.certificate,
            },
            [ev(src, auth.loc ?? tg.webvpnAttributes ?? tg.firstLoc), m.evidence],
          ),
        );
      }
    }
    return out;
  },
});
