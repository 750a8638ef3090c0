// address-pool-too-small: the phones' address pool has fewer addresses than the phones the inputs name.
import { type Draft, draft } from '../../findings/finding.js';
import { ipv4ToInt } from '../../model/ipv4.js';
import { defineCheck, notChecked } from '../define.js';
import { phoneTunnelGroups } from '../derive.js';
import { ev } from '../facts.js';
import { phonesNamed } from './phones-named.js';

export const addressPoolTooSmall = defineCheck({
  id: 'address-pool-too-small',
  needs: 'running configuration and the phones (deployment or phone configurations)',
  run(f) {
    if (!f.asa) return notChecked('needs the ASA running configuration (ip local pool, tunnel-group)');
    const phones = phonesNamed(f);
    if (!phones) return notChecked('needs the phones: a deployment file or their phone configurations');
    const cfg = f.asa.value;
    const out: Draft[] = [];
    let checked = false;
    for (const tg of phoneTunnelGroups(f).groups) {
      // The tunnel group's pools, else its group policy's (or DfltGrpPolicy's).
      const names =
        tg.addressPools.length > 0
          ? tg.addressPools.map((p) => p.value)
          : (cfg.groupPolicies.find((g) => g.name === (tg.defaultGroupPolicy?.value ?? 'DfltGrpPolicy'))
              ?.addressPools?.value ?? []);
      const pools = names.map((n) => cfg.pools.find((p) => p.name === n)).filter((p) => p !== undefined);
      if (pools.length === 0 || pools.length < names.length) continue;
      checked = true;
      const size = pools.reduce((n, p) => n + Math.max(0, ipv4ToInt(p.last) - ipv4ToInt(p.first) + 1), 0);
      if (size >= phones.count) continue;
      out.push(
        draft(
          'address-pool-too-small',
          {
            tunnelGroup: tg.name,
            pools: pools.map((p) => p.name),
            addresses: size,
            phones: phones.count,
            phonesFrom: phones.from,
          },
          pools.map((p) => ev(f.asa!.source, p.loc)),
        ),
      );
    }
    if (!checked && out.length === 0)
      return notChecked("the phones' tunnel group names no address pool the running configuration defines");
    return out;
  },
});
