// The object names a report's wording uses, resolved once from the facts: the deployment, else the running configuration.
import { tunnelGroupPolicy } from '../asa/running-config.js';
import { namesFromDeployment, type ObjectNames } from '../findings/names.js';
import { phoneTunnelGroups } from './derive.js';
import type { AuditFacts } from './facts.js';

/**
 * Names from the running configuration: the phones' tunnel group and its group policy, when the
 * configuration singles out one (two candidates leave the placeholder rather than guess).
 */
export function namesFromRunningConfig(f: AuditFacts): ObjectNames {
  if (!f.asa) return {};
  const { groups } = phoneTunnelGroups(f);
  const [tg] = groups;
  if (groups.length !== 1 || !tg) return {};
  return { tunnelGroup: tg.name, groupPolicy: tunnelGroupPolicy(tg) };
}

/** The deployment's names when there is one; else what the running configuration tells. */
export function namesFromFacts(f: AuditFacts): ObjectNames {
  return f.deployment ? namesFromDeployment(f.deployment.value.deployment) : namesFromRunningConfig(f);
}
