// undefined-reference: a pool, group policy, trustpoint or interface name is used but never defined (a typo breaks the chain).
import { DEFAULT_GROUP_POLICY } from '../../asa/running-config.js';
import { type Finding, finding } from '../../report/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { nameifDefined } from '../derive.js';
import { ev } from '../facts.js';
import { closest, I, list } from './util.js';

const BUILT_IN_TUNNEL_GROUPS = new Set(['DefaultRAGroup', 'DefaultWEBVPNGroup', 'DefaultL2LGroup']);

export const undefinedReference = defineCheck({
  id: 'undefined-reference',
  needs: 'running configuration',
  run(f) {
    const asa = f.asa;
    if (!asa) return notChecked('needs the ASA running configuration');
    const cfg = asa.value;
    const src = asa.source;
    const out: Finding[] = [];
    const pools = cfg.pools.map((p) => p.name);
    const policies = [
      ...cfg.groupPolicies.filter((g) => g.internal).map((g) => g.name),
      DEFAULT_GROUP_POLICY,
    ];
    const trustpoints = cfg.trustpoints.map((t) => t.name);
    const nameifs = [
      ...cfg.interfaces.map((i) => i.nameif?.value),
      ...(f.showIp?.value.map((r) => r.nameif) ?? []),
    ].filter((x): x is string => x !== undefined);
    const uniqueNameifs = [...new Set(nameifs)];

    const report = (
      what: string,
      name: string,
      defined: string[],
      loc: { line: number; text: string },
      fix: string,
    ) => {
      const guess = closest(name, defined);
      out.push(
        finding('undefined-reference', {
          message: `${what} "${name}" is used but never defined (defined: ${list(defined)}).${guess ? ` Did you mean "${guess}"?` : ''}`,
          evidence: [ev(src, loc)],
          fix: fix.replaceAll('{GUESS}', guess ?? '<defined name>'),
        }),
      );
    };

    for (const tg of cfg.tunnelGroups) {
      for (const p of tg.addressPools)
        if (!pools.includes(p.value))
          report(
            'address pool',
            p.value,
            pools,
            p.loc,
            `tunnel-group ${tg.name} general-attributes\n${I}address-pool {GUESS}\n(or define it: ip local pool ${p.value} <first>-<last> mask <mask>)`,
          );
      const gp = tg.defaultGroupPolicy;
      if (gp && !policies.includes(gp.value))
        report(
          'group policy',
          gp.value,
          policies,
          gp.loc,
          `tunnel-group ${tg.name} general-attributes\n${I}default-group-policy {GUESS}\n(or define it: group-policy ${gp.value} internal)`,
        );
      // The built-in tunnel groups (DefaultRAGroup, DefaultWEBVPNGroup, DefaultL2LGroup) have no `type` line.
      if (!tg.type && (tg.general || tg.webvpnAttributes) && !BUILT_IN_TUNNEL_GROUPS.has(tg.name))
        out.push(
          finding('undefined-reference', {
            message: `tunnel group "${tg.name}" has attributes but no \`tunnel-group ${tg.name} type remote-access\`.`,
            evidence: [ev(src, tg.firstLoc)],
            fix: `tunnel-group ${tg.name} type remote-access`,
          }),
        );
    }
    for (const gp of cfg.groupPolicies) {
      if (gp.attributes && !gp.internal && gp.name !== DEFAULT_GROUP_POLICY)
        out.push(
          finding('undefined-reference', {
            message: `group policy "${gp.name}" has attributes but is never defined with \`group-policy ${gp.name} internal\`.`,
            evidence: [ev(src, gp.attributes)],
            fix: `group-policy ${gp.name} internal`,
          }),
        );
      for (const p of gp.addressPools?.value ?? [])
        if (!pools.includes(p) && gp.addressPools)
          report(
            'address pool',
            p,
            pools,
            gp.addressPools.loc,
            `group-policy ${gp.name} attributes\n${I}address-pools value {GUESS}`,
          );
    }
    for (const t of cfg.sslTrustPoints) {
      if (!trustpoints.includes(t.trustpoint))
        report(
          'trustpoint',
          t.trustpoint,
          trustpoints,
          t.loc,
          `ssl trust-point {GUESS}${t.iface ? ` ${t.iface}` : ''}\n(or create it: crypto ca trustpoint ${t.trustpoint} / enrollment self / subject-name CN=<host>, then crypto ca enroll ${t.trustpoint})`,
        );
      if (t.iface && nameifDefined(f, t.iface) === false)
        report('interface', t.iface, uniqueNameifs, t.loc, `ssl trust-point ${t.trustpoint} {GUESS}`);
    }
    for (const e of cfg.webvpn.enables)
      if (nameifDefined(f, e.value) === false)
        report(
          'interface',
          e.value,
          uniqueNameifs,
          e.loc,
          `webvpn\n${I}no enable ${e.value}\n${I}enable {GUESS}`,
        );
    return out;
  },
});
