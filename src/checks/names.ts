// The object names a report's wording uses, resolved once from the facts: the deployment, else the running configuration.
import { tunnelGroupPolicy } from '../asa/running-config.js';
import { namesFromDeployment, namesOfCucm, type ObjectNames } from '../findings/names.js';
import type { Evidence } from '../findings/types.js';
import {
  asaVersion,
  deploymentHeadend,
  outsideInterface,
  phoneTunnelGroups,
  sslTrustpointFor,
} from './derive.js';
import type { AuditFacts } from './facts.js';
import { headendRuns } from './headends.js';

/**
 * Names from the running configuration: the headend kind, the interface phones reach and the trustpoint
 * it presents there, the phones' tunnel group and its group policy. The tunnel group only when the
 * configuration singles out one (two candidates leave the placeholder rather than guess).
 */
export function namesFromRunningConfig(f: AuditFacts): ObjectNames {
  const outside = outsideInterface(f)?.name;
  // Without a running configuration, `show nameif` / `show ip` still name the interface phones reach.
  if (!f.asa) return outside !== undefined && f.deployment === undefined ? { headend: 'asa', outside } : {};
  const trustpoint = sslTrustpointFor(f, outside)?.name;
  const { groups } = phoneTunnelGroups(f);
  const [tg] = groups;
  return {
    headend: 'asa',
    ...(outside !== undefined ? { outside } : {}),
    ...(trustpoint !== undefined ? { identityTrustpoint: trustpoint } : {}),
    ...(groups.length === 1 && tg ? { tunnelGroup: tg.name, groupPolicy: tunnelGroupPolicy(tg) } : {}),
  };
}

/**
 * The deployment's names when there is one; else what the running configuration tells. The trustpoint a
 * fix names is the one the running configuration presents (`ssl trust-point X outside`) when it names one:
 * that is the certificate phones see, whatever the deployment says.
 */
export function namesFromFacts(f: AuditFacts): ObjectNames {
  const clients = sessionClients(f);
  // The version read from the ASA itself (show version, the configuration's `ASA Version`) before the deployment's.
  const version = asaVersion(f)?.value;
  const withClients = (n: ObjectNames): ObjectNames => ({
    ...n,
    ...(clients ? { sessionClients: clients } : {}),
    ...(version !== undefined && n.headend !== 'ocserv' ? { asaVersion: version } : {}),
  });
  if (!f.deployment) return withClients(namesFromRunningConfig(f));
  const d = f.deployment.value.deployment;
  const h = deploymentHeadend(f);
  // An ASA the deployment does not describe: its own configuration names its objects.
  if (!h) return withClients({ ...namesFromRunningConfig(f), ...namesOfCucm(d) });
  const names = namesFromDeployment(d, h);
  const presented = f.asa ? sslTrustpointFor(f, outsideInterface(f)?.name)?.name : undefined;
  return withClients(presented !== undefined ? { ...names, identityTrustpoint: presented } : names);
}

/**
 * The users of `show vpn-sessiondb detail` sessions whose client is known: a phone (its certificate's name or
 * the IP phone client's version) or another client (a version that is not the phone's). Undefined when no
 * session tells.
 */
function sessionClients(f: AuditFacts): ObjectNames['sessionClients'] {
  const phones = new Set<string>();
  const others = new Set<string>();
  for (const s of f.sessions)
    for (const v of s.value) {
      if (v.phoneClient) phones.add(v.username);
      else if (v.clientVersion !== undefined) others.add(v.username);
    }
  if (phones.size + others.size === 0) return undefined;
  // A user seen with both is named by neither.
  for (const u of phones) if (others.delete(u)) phones.delete(u);
  return { phones: [...phones], others: [...others] };
}

/**
 * For findings from logs: the names of the headend serving the URL their evidence shows the phone using
 * (`do_login: URL -> ...`), else those of the facts as a whole. The headends are split once.
 */
export function namesForLog(f: AuditFacts): (evidence: readonly Evidence[]) => ObjectNames {
  const whole = namesFromFacts(f);
  const runs = headendRuns(f).runs.filter((r) => r.scope && r.scope.of > 1);
  if (runs.length === 0) return () => whole;
  const byRun = new Map<AuditFacts, ObjectNames>();
  return (evidence) => {
    const url = evidence.map((e) => /https:\/\/[^\s<>"]+/.exec(e.text)?.[0]).find((u) => u !== undefined);
    const run = url === undefined ? undefined : runs.find((r) => r.scope?.urls.has(url));
    if (!run) return whole;
    let names = byRun.get(run);
    if (!names) {
      names = namesFromFacts(run);
      byRun.set(run, names);
    }
    return names;
  };
}
