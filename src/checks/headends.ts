// Several headends in one audit: which configuration is which headend, and which of the phones' URLs each serves.
import type { NotCheckedEntry } from '../findings/types.js';
import { gatewaysOf, groupGateways } from '../model/headends.js';
import type { Headend } from '../model/schema.js';
import { urlHost } from './derive.js';
import {
  type AsaGroup,
  type AuditFacts,
  HOST_SHOW_FIELDS,
  type HostShowField,
  type HostShows,
} from './facts.js';

interface Run {
  group: AsaGroup | undefined;
  headend: Headend | undefined;
  urls: Map<string, number>;
}

/** The phones' urlN of a position (0 → url1). */
export const urlName = (position: number): string => `url${position + 1}`;

/**
 * Every URL the phones may use, with the first position it holds: its urlN in a phone configuration,
 * else its place in the deployment's VPN group, else its order among AXL gateways.
 */
function urlPositions(f: AuditFacts): Map<string, number> {
  const out = new Map<string, number>();
  const add = (url: string, i: number) => {
    const had = out.get(url);
    if (had === undefined || i < had) out.set(url, i);
  };
  for (const pc of f.phoneConfigs) for (const [i, u] of (pc.parsed.vpn?.urls ?? []).entries()) add(u, i);
  if (f.deployment)
    for (const [i, g] of groupGateways(f.deployment.value.deployment).entries()) add(g.url, i);
  for (const a of f.axl) for (const [i, g] of a.value.gateways.entries()) if (g.url) add(g.url, i);
  return out;
}

function enabledUrls(g: AsaGroup): string[] {
  return g.builder.cfg.tunnelGroups.flatMap((tg) => tg.groupUrls.filter((u) => u.enabled).map((u) => u.url));
}

/** The host names a headend answers to: its group-urls' hosts, its hostname (with domain), its addresses. */
function hostsOf(r: Run): Set<string> {
  const out = new Set<string>();
  const add = (h: string | undefined) => h && out.add(h.toLowerCase());
  if (r.headend) add(urlHost(r.headend.tunnelGroup.groupUrl));
  if (r.group) {
    const cfg = r.group.builder.cfg;
    for (const u of cfg.tunnelGroups.flatMap((tg) => tg.groupUrls)) add(urlHost(u.url));
    for (const i of cfg.interfaces) add(i.address?.value.ip);
  }
  return out;
}

/**
 * The show outputs one headend's run reads when there are several: those captured under its prompt, else
 * the audit's own unless a prompt tied that one to another ASA (a `show version` of one ASA never judges
 * another's configuration; then the check says what to collect).
 */
function showsOf(f: AuditFacts, key: string | undefined): HostShows {
  const own = key !== undefined ? f.hostShows.get(key) : undefined;
  const out: HostShows = {};
  const take = <K extends HostShowField>(field: K) => {
    const whole = f[field];
    const ofOther = whole !== undefined && [...f.hostShows].some(([k, s]) => k !== key && s[field] === whole);
    out[field] = own?.[field] ?? (ofOther ? undefined : whole);
  };
  for (const field of HOST_SHOW_FIELDS) take(field);
  return out;
}

/** The command whose output fills each single-valued show field. */
const SHOW_COMMANDS: Record<HostShowField, string> = {
  showVersion: 'show version',
  showIp: 'show ip',
  showCrypto: 'show crypto ca certificates',
  showSsl: 'show ssl',
  showSslCiphers: 'show ssl ciphers',
  showNameif: 'show nameif',
  showIpBrief: 'show interface ip brief',
};

/**
 * With one configuration (or none): outputs of one show command that name two ASAs or more (their prompts,
 * or `show version`'s own `<host> up` line) are not mixed up by the order of the inputs. The one of the
 * configuration's ASA (`host`, its hostname or prompt) is used; without one, none. Each output not used says
 * why (unrecognized-input), and the checks that need the output say what to collect. Returns the facts the
 * one run judges (`f` itself when no output is in question).
 */
function singleShows(f: AuditFacts, host: string | undefined): AuditFacts {
  const shows: HostShows = {};
  const unused: AuditFacts['unrecognized'] = [];
  for (const field of HOST_SHOW_FIELDS) {
    const reads = f.showsRead.filter((r) => r.field === field);
    const hosts = new Set(reads.flatMap((r) => (r.host !== undefined ? [r.host] : [])));
    if (hosts.size < 2) continue;
    const pick = host !== undefined ? reads.filter((r) => r.host === host).at(-1) : undefined;
    (shows as Record<HostShowField, unknown>)[field] = pick?.value;
    const named = [...hosts].join(', ');
    for (const r of reads)
      if (r !== pick)
        unused.push({
          source: r.source,
          hint: `\`${SHOW_COMMANDS[field]}\` ${r.host !== undefined ? `of ${r.host}` : 'of an unnamed ASA'}: the inputs hold this output of ${hosts.size} ASAs (${named}), ${host !== undefined ? `and the configuration is ${host}'s` : 'and no configuration says which one is audited'}`,
        });
  }
  return unused.length > 0 ? { ...f, ...shows, unrecognized: [...f.unrecognized, ...unused] } : f;
}

/** Whether a configuration is the deployment's headend: by hostname, else by its group-url. */
function isHeadend(g: AsaGroup, h: Headend): boolean {
  const name = h.hostname?.toLowerCase();
  if (name !== undefined && (g.key === name || g.key.split('/')[0] === name)) return true;
  return enabledUrls(g).includes(h.tunnelGroup.groupUrl);
}

export interface HeadendRuns {
  /** The facts of each headend judged (one when the inputs hold one headend, or none). */
  runs: AuditFacts[];
  /** The phones' URLs whose headend configuration was not read. */
  notChecked: NotCheckedEntry[];
}

/** The checks that compare a phone's URL with the headend serving it. */
const URL_CHECKS = ['group-url-mismatch', 'host-id-check-mismatch', 'gateway-cert-not-trusted'] as const;

/**
 * Splits the facts into one set per headend. The deployment says which configuration is which headend
 * (hostname, else group-url) and which URLs it serves (its gateways); without one, a URL belongs to the
 * configuration with that group-url, else with that host; url1 falls to the only configuration read.
 * A URL whose headend was not read is left out of every run: not a mismatch, but `notChecked`.
 */
export function headendRuns(f: AuditFacts): HeadendRuns {
  const d = f.deployment?.value.deployment;
  const groups = f.asaGroups.filter((g) => g.builder.cfg.sources.length > 0);
  if (!d && groups.length === 0) return { runs: [singleShows(f, undefined)], notChecked: [] };
  const runs: Run[] = [];
  const used = new Set<AsaGroup>();
  for (const h of d?.headends ?? []) {
    const free = groups.filter((g) => !used.has(g));
    const single = d?.headends.length === 1 && groups.length === 1 ? groups[0] : undefined;
    const g = free.find((x) => isHeadend(x, h)) ?? single;
    if (g) used.add(g);
    runs.push({ group: g, headend: h, urls: new Map() });
  }
  for (const g of groups) if (!used.has(g)) runs.push({ group: g, headend: undefined, urls: new Map() });

  const unserved: { url: string; position: number }[] = [];
  const hosts = new Map(runs.map((r) => [r, hostsOf(r)]));
  for (const [url, position] of urlPositions(f)) {
    const host = urlHost(url)?.toLowerCase();
    const r =
      runs.find((x) => d && x.headend && gatewaysOf(d, x.headend).some((g) => g.url === url)) ??
      runs.find((x) => x.group && enabledUrls(x.group).includes(url)) ??
      runs.find((x) => host !== undefined && hosts.get(x)?.has(host)) ??
      (runs.length === 1 && position === 0 ? runs[0] : undefined);
    if (r) r.urls.set(url, position);
    else unserved.push({ url, position });
  }

  const gatewayOf = (url: string) =>
    d?.cucm.vpnGateways.find((g) => g.url === url)?.name ??
    f.axl.flatMap((a) => a.value.gateways).find((g) => g.url === url)?.name;
  const notChecked: NotCheckedEntry[] = [];
  for (const u of unserved) {
    const gw = gatewayOf(u.url);
    const reason = `${urlName(u.position)} ${u.url}${gw ? ` (VPN gateway ${gw})` : ''}: collect the running configuration of the headend for ${urlName(u.position)}`;
    for (const id of URL_CHECKS) notChecked.push({ id, reason });
  }
  return {
    runs: runs.map((r) => {
      const cfg = r.group?.builder.cfg;
      const urls = [...r.urls.keys()];
      const gateways = [
        ...new Set(
          [
            ...(d && r.headend ? gatewaysOf(d, r.headend).map((g) => g.name) : []),
            ...urls.map(gatewayOf),
          ].filter((x): x is string => x !== undefined),
        ),
      ];
      const key = r.group?.key;
      return {
        ...(runs.length > 1
          ? { ...f, ...showsOf(f, key) }
          : singleShows(f, key !== undefined && !key.startsWith('file:') ? key : undefined)),
        asa: cfg ? { source: cfg.sources[0] ?? '', value: cfg } : undefined,
        otherAsaConfigs: [],
        scope: {
          label: r.headend?.name ?? cfg?.hostname?.value ?? cfg?.sources[0] ?? 'headend',
          headend: r.headend,
          urls: r.urls,
          gateways,
          of: runs.length,
        },
      };
    }),
    notChecked,
  };
}

/** Why a run cannot judge its headend's configuration: it was not among the inputs. */
export function notCollected(f: AuditFacts): string | undefined {
  const s = f.scope;
  if (!s || f.asa || s.of < 2) return undefined;
  const which = [...s.urls.entries()].map(([u, p]) => `${urlName(p)} ${u}`).join(', ');
  return `collect the running configuration of headend ${s.label}${which ? ` (${which})` : ''}`;
}
