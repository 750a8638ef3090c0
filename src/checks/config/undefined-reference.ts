// undefined-reference: a pool, group policy, trustpoint or interface name is used but never defined (a typo breaks the chain).
import { type ConfigPart, DEFAULT_GROUP_POLICY } from '../../asa/running-config.js';
import type { UndefinedReference } from '../../findings/catalogue/config.js';
import { type Draft, draft } from '../../findings/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { nameifDefined, shownInterfaces } from '../derive.js';
import { ev } from '../facts.js';
import { runCommands } from './scope.js';
import { closest } from './util.js';

const BUILT_IN_TUNNEL_GROUPS = new Set(['DefaultRAGroup', 'DefaultWEBVPNGroup', 'DefaultL2LGroup']);

export const undefinedReference = defineCheck({
  id: 'undefined-reference',
  needs: 'running configuration',
  run(f) {
    const asa = f.asa;
    if (!asa) return notChecked('needs the ASA running configuration');
    const cfg = asa.value;
    const src = asa.source;
    const out: Draft[] = [];
    const pools = cfg.pools.map((p) => p.name);
    const policies = [
      ...cfg.groupPolicies.filter((g) => g.internal).map((g) => g.name),
      DEFAULT_GROUP_POLICY,
    ];
    // `show crypto ca certificates` names the trustpoints that hold a certificate (Associated Trustpoints).
    const shownTrustpoints = (f.showCrypto?.value ?? []).flatMap((c) => c.trustpoints);
    const trustpoints = [...new Set([...cfg.trustpoints.map((t) => t.name), ...shownTrustpoints])];
    // A name is only undefined when the part that defines such names was read.
    const parts = cfg.coverage.parts;
    const skipped = new Set<ConfigPart>();
    const read = (p: ConfigPart): boolean => {
      if (!parts.has(p)) skipped.add(p);
      return parts.has(p);
    };
    const nameifs = [
      ...cfg.interfaces.map((i) => i.nameif?.value),
      ...shownInterfaces(f).map((r) => r.nameif),
    ].filter((x): x is string => x !== undefined);
    const uniqueNameifs = [...new Set(nameifs)];

    /** A use of `name` where only `defined` exist, with the name probably meant. */
    const ref = (name: string, defined: string[]) => {
      const guess = closest(name, defined);
      return { name, defined, ...(guess !== undefined ? { guess } : {}) };
    };
    const report = (data: UndefinedReference, loc: { line: number; text: string }) =>
      out.push(draft('undefined-reference', data, [ev(src, loc)]));

    for (const tg of cfg.tunnelGroups) {
      for (const p of tg.addressPools)
        if (!pools.includes(p.value) && read('pool'))
          report({ use: 'tunnel-group-pool', tunnelGroup: tg.name, ...ref(p.value, pools) }, p.loc);
      const gp = tg.defaultGroupPolicy;
      if (gp && !policies.includes(gp.value) && read('group-policy'))
        report({ use: 'tunnel-group-policy', tunnelGroup: tg.name, ...ref(gp.value, policies) }, gp.loc);
      // The built-in tunnel groups (DefaultRAGroup, DefaultWEBVPNGroup, DefaultL2LGroup) have no `type` line.
      if (
        !tg.type &&
        (tg.general || tg.webvpnAttributes) &&
        !BUILT_IN_TUNNEL_GROUPS.has(tg.name) &&
        read('tunnel-group')
      )
        report({ use: 'tunnel-group-type', tunnelGroup: tg.name }, tg.firstLoc);
    }
    for (const gp of cfg.groupPolicies) {
      if (gp.attributes && !gp.internal && gp.name !== DEFAULT_GROUP_POLICY && read('group-policy'))
        report({ use: 'group-policy-internal', groupPolicy: gp.name }, gp.attributes);
      for (const p of gp.addressPools?.value ?? [])
        if (!pools.includes(p) && gp.addressPools && read('pool'))
          report({ use: 'group-policy-pool', groupPolicy: gp.name, ...ref(p, pools) }, gp.addressPools.loc);
    }
    for (const t of cfg.sslTrustPoints) {
      if (!trustpoints.includes(t.trustpoint) && read('crypto-ca'))
        report(
          {
            use: 'ssl-trustpoint',
            ...(t.iface ? { iface: t.iface } : {}),
            ...ref(t.trustpoint, trustpoints),
          },
          t.loc,
        );
      if (t.iface && nameifDefined(f, t.iface) === false)
        report(
          { use: 'ssl-trustpoint-interface', trustpoint: t.trustpoint, ...ref(t.iface, uniqueNameifs) },
          t.loc,
        );
    }
    for (const e of cfg.webvpn.enables)
      if (nameifDefined(f, e.value) === false)
        report({ use: 'webvpn-enable', ...ref(e.value, uniqueNameifs) }, e.loc);
    if (out.length === 0 && skipped.size > 0)
      return notChecked(
        `names are used that the sections read do not define; ${runCommands([...skipped])} (or give the whole \`show running-config\`)`,
      );
    return out;
  },
});
