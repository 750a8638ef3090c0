// vpn-peer-license-short: the peers `show version` licenses are fewer than the phones the inputs name.
import { draft } from '../../findings/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { ev } from '../facts.js';
import { phonesNamed } from './phones-named.js';

/** The license lines that limit AnyConnect peers (whichever is smallest limits). */
const PEER_LICENSES =
  /^(?:AnyConnect Premium Peers|AnyConnect Peers|AnyConnect Essentials|Total VPN Peers|Total AnyConnect Peers|AnyConnect Apex|AnyConnect Plus)$/i;

export const vpnPeerLicenseShort = defineCheck({
  id: 'vpn-peer-license-short',
  needs: 'show version and the phones (deployment or phone configurations)',
  run(f) {
    if (!f.showVersion) return notChecked('needs `show version` (its license lines)');
    const phones = phonesNamed(f);
    if (!phones) return notChecked('needs the phones: a deployment file or their phone configurations');
    const limits = f.showVersion.value.licenses
      .filter((l) => PEER_LICENSES.test(l.name.trim()))
      .map((l) => ({ l, n: Number(/^\s*(\d+)\b/.exec(l.value)?.[1]) }))
      .filter((x) => Number.isInteger(x.n));
    if (limits.length === 0)
      return notChecked('`show version` shows no peer count (AnyConnect Premium Peers / Total VPN Peers)');
    const least = limits.reduce((a, b) => (b.n < a.n ? b : a));
    if (least.n >= phones.count) return [];
    return [
      draft(
        'vpn-peer-license-short',
        { license: least.l.name.trim(), peers: least.n, phones: phones.count, phonesFrom: phones.from },
        [ev(f.showVersion.source, least.l.loc)],
      ),
    ];
  },
});
