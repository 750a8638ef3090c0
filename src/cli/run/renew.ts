// What `vpnphone renew` does; loaded by ../commands/renew.ts only when a subcommand runs.
import { readCertificates } from '../../pki/cert.js';
import { PlanError, type PlanOptions, renderPlanText, renewPlan } from '../../renew/plan.js';
import { loadDeploymentFile, readBytes, UsageError, writeOutput } from '../io.js';

export interface PlanCliOpts {
  deployment: string;
  headend?: string;
  newTrustpoint?: string;
  newCert?: string;
  json?: boolean;
}

export function renewPlanCommand(o: PlanCliOpts): number {
  const loaded = loadDeploymentFile(o.deployment);
  const opts: PlanOptions = {};
  if (o.headend !== undefined) opts.headend = o.headend;
  if (o.newTrustpoint !== undefined) opts.newTrustpoint = o.newTrustpoint;
  if (o.newCert !== undefined) {
    const file = o.newCert;
    const first = (() => {
      try {
        return readCertificates(readBytes(file))[0];
      } catch (e) {
        if (e instanceof UsageError) throw e;
        throw new UsageError(`--new-cert ${file}: ${(e as Error).message}`);
      }
    })();
    if (first) opts.newCert = first;
  }
  let plan: ReturnType<typeof renewPlan>;
  try {
    plan = renewPlan(loaded, opts);
  } catch (e) {
    if (e instanceof PlanError) throw new UsageError(`${o.deployment}: ${e.message}`);
    throw e;
  }
  writeOutput(o.json ? `${JSON.stringify(plan, null, 2)}\n` : renderPlanText(plan), undefined);
  return 0;
}
