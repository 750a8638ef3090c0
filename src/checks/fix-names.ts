// Names for the placeholders a fix leaves when the log side had no deployment (`<phones group policy>`),
// taken from the running configuration among the same inputs, so `doctor` prints commands that paste.
import { tunnelGroupPolicy } from '../asa/running-config.js';
import type { Finding } from '../report/finding.js';
import { phoneTunnelGroups } from './derive.js';
import type { AuditFacts } from './facts.js';

export interface FixNames {
  tunnelGroup?: string;
  groupPolicy?: string;
}

/** The phones' tunnel group and its group policy, when the running configuration singles out one. */
export function fixNamesFromFacts(f: AuditFacts): FixNames {
  const { groups } = phoneTunnelGroups(f);
  const [tg] = groups;
  if (groups.length !== 1 || !tg) return {};
  return { tunnelGroup: tg.name, groupPolicy: tunnelGroupPolicy(tg) };
}

/** The placeholder each name fills (the spelling src/checks/log/context.ts uses without a deployment). */
const PLACEHOLDERS: Record<keyof FixNames, string> = {
  tunnelGroup: '<phones tunnel group>',
  groupPolicy: '<phones group policy>',
};

/** Puts the known names into the fixes; findings without a placeholder are returned as they are. */
export function fillFixNames(findings: readonly Finding[], names: FixNames): Finding[] {
  return findings.map((f) => {
    let fix = f.fix;
    for (const key of Object.keys(PLACEHOLDERS) as (keyof FixNames)[]) {
      const name = names[key];
      if (name !== undefined) fix = fix.split(PLACEHOLDERS[key]).join(name);
    }
    return fix === f.fix ? f : { ...f, fix };
  });
}
