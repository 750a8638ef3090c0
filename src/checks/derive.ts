// Views derived from the facts that several checks share: the phones' models, URLs, tunnel groups, headend certificate.
import { type AsaTunnelGroup, type Loc, tunnelGroupPolicy } from '../asa/running-config.js';
import { AUTH_METHOD, certHashesFor, gatewayUrlsFor } from '../cucm/phone-config.js';
import { modelFromLoad, modelOfPhone, type PhoneModel, phoneModel } from '../model/catalogue.js';
import { primaryHeadend } from '../model/headends.js';
import type { Headend } from '../model/schema.js';
import { type CertInfo, hostMatchesCertificate } from '../pki/cert.js';
import type { Evidence } from '../report/finding.js';
import { type AuditFacts, ev } from './facts.js';

/** The deployment's entry for the headend judged: the run's, else the deployment's primary. */
export function deploymentHeadend(f: AuditFacts): Headend | undefined {
  if (f.scope) return f.scope.headend;
  return f.deployment ? primaryHeadend(f.deployment.value.deployment) : undefined;
}

export interface VersionFact {
  value: string;
  evidence: Evidence;
}

/** The ASA software version: `show version`, else the running configuration's `ASA Version`, else the deployment. */
export function asaVersion(f: AuditFacts): VersionFact | undefined {
  const sv = f.showVersion?.value.software;
  if (f.showVersion && sv) return { value: sv.value, evidence: ev(f.showVersion.source, sv.loc) };
  const rv = f.asa?.value.version;
  if (f.asa && rv) return { value: rv.value, evidence: ev(f.asa.source, rv.loc) };
  const dv = deploymentHeadend(f);
  if (f.deployment && dv?.kind === 'asa' && dv.version)
    return {
      value: dv.version,
      evidence: {
        source: f.deployment.source,
        text: `${f.deployment.value.deployment.headendKey === 'headend' ? 'headend' : `headend ${dv.name}`}.version: ${dv.version}`,
      },
    };
  return undefined;
}

export interface ModelFact {
  /** As written: `8861`, `CP-8861`, `Cisco 8861`. */
  name: string;
  model: PhoneModel | undefined;
  evidence: Evidence;
}

/** The phone models in play: from the deployment, `show vpn-sessiondb` usernames and phone configs' <modelName>. */
export function phoneModelsOf(f: AuditFacts): ModelFact[] {
  const out: ModelFact[] = [];
  const seen = new Set<string>();
  const add = (name: string, evidence: Evidence, model = phoneModel(name)) => {
    const key = model?.model ?? name.toUpperCase();
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ name, model, evidence });
  };
  if (f.deployment)
    f.deployment.value.deployment.phones.forEach((p, i) => {
      const like = p.like !== undefined ? ` like ${p.like}` : '';
      add(
        p.model,
        { source: f.deployment?.source ?? '', text: `phones[${i}]: ${p.mac} model ${p.model}${like}` },
        modelOfPhone(p),
      );
    });
  for (const s of f.sessions)
    for (const x of s.value) if (x.phoneModel) add(x.phoneModel, ev(s.source, x.loc));
  for (const pc of f.phoneConfigs)
    if (pc.modelName && pc.model) add(pc.model, ev(pc.source, pc.modelName.value));
  // AXL listPhone/getPhone: the model CUCM names, else the one its load belongs to.
  for (const a of f.axl)
    for (const p of a.value.phones) {
      const byLoad = p.loadInformation ? modelFromLoad(p.loadInformation)?.model : undefined;
      const name = p.model ?? byLoad?.model;
      if (name) add(name, ev(a.source, p.loc), phoneModel(name) ?? byLoad);
    }
  return out;
}

export interface UrlFact {
  url: string;
  evidence: Evidence;
  origin: 'phone-config' | 'deployment' | 'axl';
}

/** The URLs phones use: phone configs' url1..3, else the deployment's VPN group gateways, and AXL gateways. */
export function phoneUrls(f: AuditFacts): UrlFact[] {
  const all = allPhoneUrls(f);
  const served = f.scope?.urls;
  return served ? all.filter((u) => served.has(u.url)) : all;
}

/** Every URL the phones may use, whichever headend serves it. */
function allPhoneUrls(f: AuditFacts): UrlFact[] {
  const out: UrlFact[] = [];
  for (const pc of f.phoneConfigs)
    pc.parsed.vpn?.urls.forEach((u, i) => {
      const line = pc.parsed.lines[`url${i + 1}`];
      out.push({
        url: u,
        evidence: {
          source: pc.source,
          ...(line !== undefined ? { line } : {}),
          text: `<url${i + 1}>${u}</url${i + 1}>`,
        },
        origin: 'phone-config',
      });
    });
  if (f.deployment)
    for (const u of gatewayUrlsFor(f.deployment.value))
      out.push({
        url: u,
        evidence: { source: f.deployment.source, text: `VPN gateway url: ${u}` },
        origin: 'deployment',
      });
  for (const a of f.axl)
    for (const g of a.value.gateways)
      if (g.url) out.push({ url: g.url, evidence: ev(a.source, g.loc), origin: 'axl' });
  return out;
}

export interface PhoneTunnelGroups {
  groups: AsaTunnelGroup[];
  why: string;
}

/**
 * The tunnel group(s) phones land in: the one whose enabled group-url is a phone URL, else the
 * deployment's, else those sessions of phones used, else every remote-access tunnel group with a group-url.
 */
export function phoneTunnelGroups(f: AuditFacts): PhoneTunnelGroups {
  const cfg = f.asa?.value;
  if (!cfg) return { groups: [], why: 'no running configuration' };
  const urls = new Set(phoneUrls(f).map((u) => u.url));
  const byUrl = cfg.tunnelGroups.filter((tg) => tg.groupUrls.some((g) => g.enabled && urls.has(g.url)));
  if (byUrl.length > 0) return { groups: byUrl, why: 'its group-url is the phones’ VPN URL' };
  const dname = deploymentHeadend(f)?.tunnelGroup.name;
  const byDeployment = cfg.tunnelGroups.filter((tg) => tg.name === dname);
  if (byDeployment.length > 0) return { groups: byDeployment, why: 'named in the deployment' };
  const sessionGroups = new Set(
    f.sessions.flatMap((s) =>
      s.value.filter((x) => (x.phoneModel || x.phoneClient) && x.tunnelGroup).map((x) => x.tunnelGroup),
    ),
  );
  const bySession = cfg.tunnelGroups.filter((tg) => sessionGroups.has(tg.name));
  if (bySession.length > 0) return { groups: bySession, why: 'phone sessions use it (show vpn-sessiondb)' };
  const withUrl = cfg.tunnelGroups.filter((tg) => tg.groupUrls.length > 0);
  if (withUrl.length > 0) return { groups: withUrl, why: 'it has a group-url' };
  const ra = cfg.tunnelGroups.filter((tg) => tg.type?.value === 'remote-access' && tg.webvpnAttributes);
  return { groups: ra, why: 'remote-access tunnel group with webvpn attributes' };
}

export interface ShownInterface {
  nameif: string;
  ip: string | undefined;
  security: number | undefined;
  evidence: Evidence;
}

/**
 * The interfaces the show outputs name: `show ip` rows, and `show nameif` rows with the address
 * `show interface ip brief` gives their hardware interface.
 */
export function shownInterfaces(f: AuditFacts): ShownInterface[] {
  const out: ShownInterface[] = [];
  if (f.showIp)
    for (const r of f.showIp.value)
      out.push({ nameif: r.nameif, ip: r.ip, security: undefined, evidence: ev(f.showIp.source, r.loc) });
  if (f.showNameif) {
    const brief = new Map((f.showIpBrief?.value ?? []).map((r) => [r.hardware, r]));
    for (const r of f.showNameif.value)
      out.push({
        nameif: r.nameif,
        ip: brief.get(r.hardware)?.ip,
        security: r.security,
        evidence: ev(f.showNameif.source, r.loc),
      });
  }
  return out;
}

export interface OutsideFact {
  name: string;
  why: string;
}

/** The nameif of the interface phones reach. */
export function outsideInterface(f: AuditFacts): OutsideFact | undefined {
  const d = deploymentHeadend(f);
  if (d) return { name: d.outside, why: 'the deployment names it' };
  const cfg = f.asa?.value;
  const shown = shownInterfaces(f);
  // The URL hosts matter only when there are interfaces to match them to (16,000 AXL gateways and no
  // configuration parsed 16,000 URLs on every call).
  const hosts =
    (cfg?.interfaces.length ?? 0) === 0 && shown.length === 0
      ? []
      : phoneUrls(f).map((u) => {
          try {
            return new URL(u.url).hostname;
          } catch {
            return '';
          }
        });
  const byIp =
    cfg?.interfaces.find((i) => i.nameif && i.address && hosts.includes(i.address.value.ip))?.nameif?.value ??
    shown.find((r) => r.ip !== undefined && hosts.includes(r.ip))?.nameif;
  if (byIp) return { name: byIp, why: 'its address is the VPN URL host' };
  const names = [
    ...(cfg?.interfaces.map((i) => i.nameif?.value) ?? []),
    ...shown.map((r) => r.nameif),
  ].filter((x): x is string => x !== undefined);
  if (names.includes('outside')) return { name: 'outside', why: 'the interface named outside' };
  const level0 =
    cfg?.interfaces.find((i) => i.nameif && i.securityLevel === 0)?.nameif?.value ??
    shown.find((r) => r.security === 0)?.nameif;
  if (level0) return { name: level0, why: 'security-level 0' };
  const enabled = cfg?.webvpn.enables[0]?.value;
  if (enabled) return { name: enabled, why: 'the interface webvpn is enabled on' };
  // A capture of `show running-config ssl` alone: the one interface an `ssl trust-point` is for.
  const sslIfaces = [...new Set(cfg?.sslTrustPoints.map((t) => t.iface).filter((x) => x !== undefined))];
  if (sslIfaces.length === 1 && sslIfaces[0] !== undefined)
    return { name: sslIfaces[0], why: 'the interface the ssl trust-point is for' };
  return undefined;
}

/** Whether a nameif is defined (running configuration, else `show ip`); undefined when neither is known. */
export function nameifDefined(f: AuditFacts, name: string): boolean | undefined {
  const cfg = f.asa?.value;
  const fromCfg = cfg?.interfaces.some((i) => i.nameif?.value === name);
  if (fromCfg) return true;
  const shown = shownInterfaces(f);
  if (shown.some((r) => r.nameif === name)) return true;
  if (cfg?.interfaces.some((i) => i.nameif)) return false;
  if (shown.length > 0) return false;
  return undefined;
}

export interface HeadendCert {
  /** Decoded certificate, when the bytes are known (hash available). */
  info: CertInfo | undefined;
  keyType: 'RSA' | 'EC' | 'other' | undefined;
  notAfter: Date | undefined;
  subjectCN: string | undefined;
  sanDns: string[];
  sanIp: string[];
  trustpoint: string | undefined;
  evidence: Evidence[];
  origin: string;
}

/** The trustpoint the headend presents on the phones' interface (`ssl trust-point NAME IFACE`, else the global one). */
export function sslTrustpointFor(
  f: AuditFacts,
  iface: string | undefined,
): { name: string; evidence: Evidence } | undefined {
  const cfg = f.asa?.value;
  if (!cfg || !f.asa) return undefined;
  const src = f.asa.source;
  const exact = [...cfg.sslTrustPoints].reverse().find((t) => iface !== undefined && t.iface === iface);
  const global = [...cfg.sslTrustPoints].reverse().find((t) => t.iface === undefined);
  const t = exact ?? global;
  return t ? { name: t.trustpoint, evidence: ev(src, t.loc) } : undefined;
}

function fromInfo(
  info: CertInfo,
  evidence: Evidence[],
  origin: string,
  trustpoint: string | undefined,
): HeadendCert {
  return {
    info,
    keyType: info.keyType,
    notAfter: info.notAfter,
    subjectCN: info.subjectCN,
    sanDns: info.sanDns,
    sanIp: info.sanIp,
    trustpoint,
    evidence,
    origin,
  };
}

/**
 * The certificate the headend presents to phones: the identity certificate of the ssl trust-point
 * (decoded from the running configuration's certificate chain), else `show crypto ca certificates`,
 * else certificate files given as inputs, else the deployment's identity certificate.
 */
export function headendCertificates(f: AuditFacts): HeadendCert[] {
  const outside = outsideInterface(f)?.name;
  const tp = sslTrustpointFor(f, outside);
  const cfg = f.asa?.value;
  if (tp && cfg && f.asa) {
    const chain = cfg.certificateChains.find((c) => c.trustpoint === tp.name);
    const ids = chain?.certificates.filter((c) => c.role === 'identity' && c.info) ?? [];
    if (ids.length > 0)
      return ids.map((c) =>
        fromInfo(
          c.info as CertInfo,
          [tp.evidence, ev(f.asa?.source ?? '', c.loc)],
          'running configuration',
          tp.name,
        ),
      );
    const shown =
      f.showCrypto?.value.filter((c) => c.role === 'identity' && c.trustpoints.includes(tp.name)) ?? [];
    if (f.showCrypto && shown.length > 0)
      return shown.map((c) => ({
        info: undefined,
        keyType: c.keyType,
        notAfter: c.endDate,
        subjectCN: c.subjectCN,
        sanDns: [],
        sanIp: [],
        trustpoint: tp.name,
        evidence: [tp.evidence, ev(f.showCrypto?.source ?? '', c.loc)],
        origin: 'show crypto ca certificates',
      }));
  }
  // With several headends a certificate file counts for the one whose URL hosts it names.
  const hosts = f.scope && f.scope.of > 1 ? [...f.scope.urls.keys()].map(urlHost) : undefined;
  const files = f.certificates.flatMap((c) =>
    c.value
      .filter(
        (i) => !i.isCa && (!hosts || hosts.some((h) => h !== undefined && hostMatchesCertificate(h, i))),
      )
      .map((i) => ({ info: i, source: c.source })),
  );
  if (files.length > 0)
    return files.map((x) =>
      fromInfo(
        x.info,
        [
          {
            source: x.source,
            text: `certificate CN=${x.info.subjectCN ?? '?'} serial ${x.info.serialNumber}`,
          },
        ],
        'certificate file',
        tp?.name,
      ),
    );
  if (f.deployment) {
    const d = f.deployment.value;
    const h = deploymentHeadend(f);
    const file = h?.identity.certificate;
    const infos = (file && d.certs.get(file)) || [];
    const first = infos[0];
    if (first)
      return [
        fromInfo(
          first,
          [
            {
              source: f.deployment.source,
              text: `${d.deployment.headendKey === 'headend' ? 'headend' : `headend ${h?.name}`}.identity.certificate: ${file}`,
            },
          ],
          'deployment',
          h?.identity.trustpoint,
        ),
      ];
  }
  return [];
}

export interface HashSet {
  hashes: string[];
  evidence: Evidence[];
  where: string;
}

/**
 * The certificate hashes phones accept, per distinct set the phone configurations hold (fifty phones of
 * one VPN group are one set), else from the deployment's gateways.
 */
export function acceptedHashSets(f: AuditFacts): HashSet[] {
  const out: HashSet[] = [];
  const bySet = new Map<string, { set: HashSet; files: number }>();
  for (const pc of f.phoneConfigs) {
    const v = pc.parsed.vpn;
    if (!v) continue;
    const evidence = v.certHashes.map((h, i) => {
      const line = pc.parsed.lines[`certHash${i + 1}`];
      return {
        source: pc.source,
        ...(line !== undefined ? { line } : {}),
        text: `<certHash${i + 1}>${h}</certHash${i + 1}>`,
      };
    });
    const key = v.certHashes.join(' ');
    const had = bySet.get(key);
    if (had) {
      had.files++;
      had.set.evidence.push(...evidence);
      continue;
    }
    const set: HashSet = { hashes: v.certHashes, evidence, where: pc.source };
    bySet.set(key, { set, files: 1 });
    out.push(set);
  }
  for (const { set, files } of bySet.values())
    if (files > 1)
      set.where = `${set.where} and ${files - 1} more phone configuration${files > 2 ? 's' : ''}`;
  if (out.length === 0 && f.deployment && f.deployment.value.certs.size > 0) {
    const hashes = certHashesFor(f.deployment.value);
    out.push({
      hashes,
      evidence: hashes.map((h) => ({
        source: f.deployment?.source ?? '',
        text: `gateway certificate hash ${h}`,
      })),
      where: `${f.deployment.source} (VPN gateway certificates)`,
    });
  }
  return out;
}

export type AuthMethod = 'certificate' | 'user-password' | 'password-only';

export interface AuthFact {
  method: AuthMethod;
  evidence: Evidence;
}

const AUTH_BY_NUMBER: Record<number, AuthMethod> = Object.fromEntries(
  Object.entries(AUTH_METHOD).map(([k, v]) => [v, k as AuthMethod]),
);

/** The client authentication the phones use: phone configs' authMethod, AXL VPN profiles, the deployment. */
export function phoneAuthMethods(f: AuditFacts): AuthFact[] {
  const out: AuthFact[] = [];
  for (const pc of f.phoneConfigs) {
    const n = pc.parsed.vpn?.authMethod;
    const m = n === undefined ? undefined : AUTH_BY_NUMBER[n];
    const line = pc.parsed.lines['authMethod'];
    if (m)
      out.push({
        method: m,
        evidence: {
          source: pc.source,
          ...(line !== undefined ? { line } : {}),
          text: `<authMethod>${n}</authMethod>`,
        },
      });
  }
  for (const a of f.axl)
    for (const p of a.value.profiles)
      if (p.clientAuthentication) out.push({ method: p.clientAuthentication, evidence: ev(a.source, p.loc) });
  if (out.length === 0 && f.deployment) {
    const m = f.deployment.value.deployment.cucm.vpnProfile.clientAuthentication;
    out.push({
      method: m,
      evidence: { source: f.deployment.source, text: `cucm.vpnProfile.clientAuthentication: ${m}` },
    });
  }
  return out;
}

/** The tunnel group's authentication: `certificate`, `aaa`, or both (`aaa certificate`); ASA default is aaa. */
export function tunnelGroupAuth(tg: AsaTunnelGroup): {
  certificate: boolean;
  aaa: boolean;
  loc: Loc | undefined;
} {
  const m = tg.authentication?.value ?? ['aaa'];
  return { certificate: m.includes('certificate'), aaa: m.includes('aaa'), loc: tg.authentication?.loc };
}

export function urlHost(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}

/** The group policies the phones' tunnel groups use, each once, with the first tunnel group naming it. */
export function phoneGroupPolicies(f: AuditFacts): { tunnelGroup: AsaTunnelGroup; name: string }[] {
  const out: { tunnelGroup: AsaTunnelGroup; name: string }[] = [];
  for (const tunnelGroup of phoneTunnelGroups(f).groups) {
    const name = tunnelGroupPolicy(tunnelGroup);
    if (!out.some((p) => p.name === name)) out.push({ tunnelGroup, name });
  }
  return out;
}

/**
 * Phone sessions of `show vpn-sessiondb detail anyconnect` whose DTLS tunnel is up, by catalogue model:
 * proof that DTLS works for that model on this headend (desktop clients prove nothing for phones).
 */
export function dtlsUpByModel(f: AuditFacts): Map<string, Evidence> {
  const out = new Map<string, Evidence>();
  for (const s of f.sessions)
    for (const x of s.value) {
      if (!x.phoneClient || !x.phoneModel) continue;
      const dtls = x.tunnels?.find((t) => t.type === 'DTLS-Tunnel');
      const model = phoneModel(x.phoneModel)?.model;
      if (dtls && model && !out.has(model)) out.set(model, ev(s.source, dtls.loc));
    }
  return out;
}
