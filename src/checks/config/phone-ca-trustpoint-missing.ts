// phone-ca-trustpoint-missing: certificate authentication, and no trustpoint holds the CA of the phones' certificates.

import { type Draft, draft } from '../../findings/finding.js';
import { micTrustpoints } from '../../model/catalogue.js';
import { type CheckOutcome, defineCheck, notChecked } from '../define.js';
import { phoneModelsOf, phoneTunnelGroups, tunnelGroupAuth } from '../derive.js';
import { type AuditFacts, ev } from '../facts.js';
import { headendUnchecked, missingParts, runCommands } from './scope.js';

/** The subject CN of each Cisco MIC CA, as the certificates CUCM lets you download carry it. */
const MIC_CN: Record<string, string> = {
  Cisco_Root_CA_2048: 'Cisco Root CA 2048',
  Cisco_Manufacturing_CA: 'Cisco Manufacturing CA',
  Cisco_Root_CA_M2: 'Cisco Root CA M2',
  Cisco_Manufacturing_CA_SHA2: 'Cisco Manufacturing CA SHA2',
};

export const phoneCaTrustpointMissing = defineCheck({
  id: 'phone-ca-trustpoint-missing',
  needs: 'running configuration + phone models (deployment, show vpn-sessiondb or phone configuration)',
  run(f) {
    const skip = headendUnchecked(f, ['tunnel-group']);
    if (skip || !f.asa) return skip ?? notChecked('needs the ASA running configuration');
    // Sections without the trustpoints: what was read holds no phone CA, but the rest may. Said, as a
    // information with the command that settles it, rather than left unsaid.
    const unconfirmed =
      !f.showCrypto && missingParts(f, ['crypto-ca']).length > 0 ? runCommands(['crypto-ca']) : undefined;
    const found = findMissing(f);
    if (unconfirmed === undefined || !Array.isArray(found)) return found;
    return (found as Draft<'phone-ca-trustpoint-missing'>[]).map((d) =>
      draft('phone-ca-trustpoint-missing', { ...d.data, unconfirmed }, d.evidence, { severity: 'info' }),
    );
  },
});

function findMissing(f: AuditFacts): Draft<'phone-ca-trustpoint-missing'>[] | CheckOutcome {
  if (!f.asa) return [];
  const src = f.asa.source;
  const cfg = f.asa.value;
  const certGroups = phoneTunnelGroups(f).groups.filter((tg) => tunnelGroupAuth(tg).certificate);
  if (certGroups.length === 0) return [];
  const tg = certGroups[0];
  const models = phoneModelsOf(f);
  const lsc = f.deployment?.value.deployment.phones.filter((p) => p.certificate === 'LSC') ?? [];
  const names = new Set(cfg.trustpoints.map((t) => t.name.toLowerCase()));
  const caCns = new Set<string>();
  for (const ch of cfg.certificateChains)
    for (const c of ch.certificates) if (c.info?.subjectCN) caCns.add(c.info.subjectCN.toLowerCase());
  for (const c of f.showCrypto?.value ?? []) {
    if (c.role === 'ca' && c.subjectCN) caCns.add(c.subjectCN.toLowerCase());
    for (const t of c.trustpoints) names.add(t.toLowerCase());
  }
  const has = (tp: string) =>
    names.has(tp.toLowerCase()) || (MIC_CN[tp] !== undefined && caCns.has((MIC_CN[tp] ?? '').toLowerCase()));
  if (!models.some((m) => m.model)) {
    // Which chain the phones need is unknown, but a headend with no trustpoint that could hold any
    // phone CA (every one self-enrolled, none with a CA certificate) rejects every phone certificate.
    const chained = new Set(
      cfg.certificateChains
        .filter((ch) => ch.certificates.some((c) => c.role === 'ca'))
        .map((ch) => ch.trustpoint.toLowerCase()),
    );
    const holders = cfg.trustpoints.filter(
      (t) => t.enrollment?.value.toLowerCase() !== 'self' || chained.has(t.name.toLowerCase()),
    );
    const shownCa = (f.showCrypto?.value ?? []).some((c) => c.role === 'ca');
    if (holders.length > 0 || shownCa || lsc.length > 0)
      return notChecked(
        `needs the phones' models (deployment, show vpn-sessiondb anyconnect or a phone configuration) to tell whether ${
          holders.map((t) => t.name).join(', ') || 'the CA certificates shown'
        } hold the right phone CA`,
      );
    return [
      draft(
        'phone-ca-trustpoint-missing',
        {
          chain: 'any',
          ...(tg ? { tunnelGroup: tg.name } : {}),
          selfEnrolled: cfg.trustpoints.map((t) => t.name),
          unknownModels: models.map((m) => m.name),
        },
        [...(tg?.authentication ? [ev(src, tg.authentication.loc)] : []), ...models.map((m) => m.evidence)],
      ),
    ];
  }
  const out: Draft[] = [];
  const done = new Set<string>();
  const lscMacs = new Set(lsc.map((p) => p.mac));
  for (const m of models) {
    if (!m.model) continue;
    // Phones with an LSC use the CAPF certificate, not the MIC chain.
    const deployed = f.deployment?.value.deployment.phones.filter((p) => p.model === m.name) ?? [];
    if (deployed.length > 0 && deployed.every((p) => lscMacs.has(p.mac))) continue;
    const chain = m.model.micChain.value;
    for (const tp of micTrustpoints(chain)) {
      if (has(tp) || done.has(tp)) continue;
      done.add(tp);
      out.push(
        draft(
          'phone-ca-trustpoint-missing',
          {
            chain: 'mic',
            ...(tg ? { tunnelGroup: tg.name } : {}),
            trustpoint: tp,
            ...(MIC_CN[tp] !== undefined ? { cn: MIC_CN[tp] } : {}),
            hash: chain === 'sha1' ? 'SHA-1' : 'SHA-256',
            model: m.model.model,
            modelSource: m.model.micChain.source,
          },
          [...(tg?.authentication ? [ev(src, tg.authentication.loc)] : []), m.evidence],
        ),
      );
    }
  }
  if (lsc.length > 0) {
    const capf =
      cfg.trustpoints.find((t) => /capf/i.test(t.name)) ?? [...caCns].find((cn) => cn.startsWith('capf-'));
    if (!capf)
      out.push(
        draft('phone-ca-trustpoint-missing', { chain: 'capf', macs: lsc.map((p) => p.mac) }, [
          {
            source: f.deployment?.source ?? '',
            text: `phones with certificate: LSC: ${lsc.map((p) => p.mac).join(', ')}`,
          },
        ]),
      );
  }
  return out;
}
