// What `vpnphone renew` does; loaded by ../commands/renew.ts only when a subcommand runs.
import { certHashesFor, parsePhoneConfig } from '../../cucm/phone-config.js';
import { type CertInfo, readCertificates } from '../../pki/cert.js';
import { PlanError, type PlanOptions, renderPlanText, renewPlan } from '../../renew/plan.js';
import { PresentedCertError, presentedCertificate } from '../../renew/presented.js';
import {
  type Gate,
  renewStatus,
  type StageInput,
  type StageReport,
  statusExitCode,
} from '../../renew/stage.js';
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

export interface StatusCliOpts {
  url: string;
  config?: string;
  deployment?: string;
  newCert: string;
  oldCert?: string;
  gate?: string;
  leadDays: string;
  json?: boolean;
}

function oneCert(file: string, option: string): CertInfo {
  try {
    const c = readCertificates(readBytes(file))[0];
    if (c) return c;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${option} ${file}: ${(e as Error).message}`);
  }
  throw new UsageError(`${option} ${file}: no certificate`);
}

/** The hashes the phones hold, and whether host ID check is on (phone configuration or deployment). */
function heldHashes(o: StatusCliOpts): { held: string[]; source: string; hostIdCheck: boolean } {
  if ((o.config === undefined) === (o.deployment === undefined))
    throw new UsageError("give the phones' configuration: exactly one of --config FILE or -d DEPLOYMENT");
  if (o.config !== undefined) {
    let vpn: ReturnType<typeof parsePhoneConfig>['vpn'];
    try {
      vpn = parsePhoneConfig(readBytes(o.config)).vpn;
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`${o.config}: ${(e as Error).message}`);
    }
    if (!vpn || vpn.certHashes.length === 0) throw new UsageError(`${o.config}: no certHash in a <vpnGroup>`);
    return { held: vpn.certHashes, source: o.config, hostIdCheck: vpn.enableHostIDCheck === true };
  }
  const file = o.deployment as string;
  const loaded = loadDeploymentFile(file);
  return {
    held: certHashesFor(loaded),
    source: file,
    hostIdCheck: loaded.deployment.cucm.vpnProfile.hostIdCheck,
  };
}

function statusText(r: StageReport): string {
  const out = [
    `stage: ${r.stage}${r.phonesConnect ? '' : ' (the phones cannot connect)'}`,
    `next:  ${r.next}`,
    `headend presents ${r.presented.subject}, certHash ${r.presented.certHash}, ${r.presented.daysLeft} days left (renew by ${r.presented.renewBy.slice(0, 10)})`,
    `phones hold ${r.held.join(', ')}`,
  ];
  if (r.gate)
    out.push(
      `gate ${r.gate.gate}: ${r.gate.ok ? 'open' : 'CLOSED'}`,
      ...r.gate.reasons.map((x) => `  - ${x}`),
    );
  for (const f of r.findings) out.push(`${f.severity} ${f.id}: ${f.message}`);
  return `${out.join('\n')}\n`;
}

export async function renewStatusCommand(o: StatusCliOpts): Promise<number> {
  let url: URL;
  try {
    url = new URL(o.url);
  } catch {
    throw new UsageError(`--url ${o.url}: not a URL`);
  }
  if (url.protocol !== 'https:') throw new UsageError(`--url ${o.url}: phones connect with https://`);
  if (o.gate !== undefined && o.gate !== 'switch' && o.gate !== 'cleanup')
    throw new UsageError(`--gate ${o.gate}: expected switch or cleanup`);
  const leadDays = Number(o.leadDays);
  if (!Number.isInteger(leadDays) || leadDays < 0 || leadDays > 3650)
    throw new UsageError(`--lead-days ${o.leadDays}: expected 0..3650`);
  const newCert = oneCert(o.newCert, '--new-cert');
  const oldCert = o.oldCert === undefined ? undefined : oneCert(o.oldCert, '--old-cert');
  const held = heldHashes(o);
  let presented: CertInfo;
  try {
    presented = await presentedCertificate(o.url);
  } catch (e) {
    if (e instanceof PresentedCertError) throw new UsageError(e.message);
    throw e;
  }
  const input: StageInput = {
    presented,
    held: held.held,
    newCert,
    configSource: held.source,
    headendSource: o.url,
    now: new Date(),
    leadDays,
  };
  if (oldCert) input.oldCert = oldCert;
  if (held.hostIdCheck) input.hostIdCheckHost = url.hostname;
  const report = renewStatus(input, o.gate as Gate | undefined);
  writeOutput(o.json ? `${JSON.stringify(report, null, 2)}\n` : statusText(report), undefined);
  return statusExitCode(report);
}
