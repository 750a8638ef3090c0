// no-vpn-headend: a whole running configuration with no remote-access SSL VPN at all (a plain firewall, a site-to-site ASA).
import { hasVpnHeadend } from '../../asa/running-config.js';
import { draft } from '../../findings/finding.js';
import { defineCheck } from '../define.js';
import { ev } from '../facts.js';

export const noVpnHeadend = defineCheck({
  id: 'no-vpn-headend',
  needs: 'running configuration',
  run(f) {
    const asa = f.asa;
    // Without a running configuration the headend checks already say what they need: nothing to add.
    if (!asa) return [];
    const cfg = asa.value;
    // Sections say nothing about what they do not show: the checks that need more say which command to run.
    if (!cfg.coverage.complete || hasVpnHeadend(cfg)) return [];
    const s2s = cfg.ipsec.cryptoMaps[0]?.loc ?? cfg.ipsec.ike[0];
    const at = cfg.hostname?.loc ?? cfg.version?.loc;
    return [
      draft(
        'no-vpn-headend',
        { ...(cfg.hostname ? { hostname: cfg.hostname.value } : {}), siteToSite: s2s !== undefined },
        [
          at ? ev(asa.source, at) : { source: asa.source, text: 'running configuration' },
          ...(s2s ? [ev(asa.source, s2s)] : []),
        ],
      ),
    ];
  },
});
