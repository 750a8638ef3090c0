// How many phones the inputs name (the deployment's phones, the phone configurations), for the capacity checks.
import type { AuditFacts } from '../facts.js';

export interface PhonesNamed {
  count: number;
  /** Where the number comes from, for the message. */
  from: string;
}

export function phonesNamed(f: AuditFacts): PhonesNamed | undefined {
  const fromDeployment = f.deployment?.value.deployment.phones.length ?? 0;
  const configs = new Set(f.phoneConfigs.map((p) => p.deviceName ?? p.source)).size;
  if (fromDeployment === 0 && configs === 0) return undefined;
  return fromDeployment >= configs
    ? { count: fromDeployment, from: `the deployment (${f.deployment?.source})` }
    : { count: configs, from: `${configs} phone configuration(s)` };
}
