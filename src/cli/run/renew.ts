// What `vpnphone renew` does; loaded by ../commands/renew.ts only when a subcommand runs.
import { AUTH_METHOD, certHashesFor, parsePhoneConfig } from '../../cucm/phone-config.js';
import { namesFromDeployment, type ObjectNames } from '../../findings/names.js';
import { type CertInfo, readCertificates } from '../../pki/cert.js';
import { emulatedModel } from '../../probe/model.js';
import { fetchPhoneConfig } from '../../probe/steps/tftp.js';
import { phoneLogin } from '../../renew/login.js';
import { PlanError, type PlanOptions, type RenewPlan, renderPlanText, renewPlan } from '../../renew/plan.js';
import { PresentedCertError, presentedCertificate } from '../../renew/presented.js';
import {
  type Gate,
  renewStatus,
  type StageInput,
  type StageReport,
  stageOf,
  statusExitCode,
} from '../../renew/stage.js';
import { redactDeep, redactSecrets } from '../../report/redact.js';
import { render } from '../../report/render.js';
import { loadDeploymentFile, macOption, readBytes, UsageError, writeOutput } from '../io.js';
import { type PhoneIdentityOpts, phoneIdentity, redactPassword } from './phone-identity.js';

export interface PlanCliOpts {
  deployment: string;
  headend?: string;
  newTrustpoint?: string;
  newCert?: string;
  json?: boolean;
  format?: string;
  output?: string;
}

/** --json, else --format text | json | html. */
function outputFormat(o: { json?: boolean; format?: string }): 'text' | 'json' | 'html' {
  const f = o.json ? 'json' : (o.format ?? 'text');
  if (f !== 'text' && f !== 'json' && f !== 'html')
    throw new UsageError(`--format ${f}: use text, json or html`);
  return f;
}

/** The plan as the HTML report: its steps (ASA commands with a copy button) and the AXL requests. */
function planHtml(p: RenewPlan, deployment: string): string {
  return render({ inputs: [{ source: deployment, kind: 'deployment' }], findings: [] }, 'html', undefined, {
    command: 'renew plan',
    facts: [
      ['Headend', `${p.headend}: ${p.oldTrustpoint} -> ${p.newTrustpoint} on ${p.outside}`],
      [`VPN gateway${p.gateways.length > 1 ? 's' : ''}`, p.gateways.join(', ')],
      ['Order', 'the phones must hold the new hash BEFORE the switch (step 7)'],
    ],
    sections: [
      {
        title: 'Steps',
        columns: ['#', 'Where', 'Step', 'Do', 'Check'],
        rows: p.steps.map((s) => [
          String(s.n),
          s.where,
          s.title,
          s.where === 'asa' ? { commands: s.actions.join('\n') } : s.actions.join('\n'),
          s.check,
        ]),
      },
      ...(p.axl.length > 0
        ? [
            {
              title: 'AXL requests',
              columns: ['Step', 'Gateway', 'Request'],
              rows: p.axl.map((a) => [String(a.step), a.gateway, { commands: a.body }]),
            },
          ]
        : []),
    ],
  });
}

export function renewPlanCommand(o: PlanCliOpts): number {
  const format = outputFormat(o);
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
  writeOutput(
    format === 'json'
      ? `${JSON.stringify(plan, null, 2)}\n`
      : format === 'html'
        ? planHtml(plan, o.deployment)
        : renderPlanText(plan),
    o.output,
  );
  return 0;
}

export interface StatusCliOpts extends PhoneIdentityOpts {
  url: string;
  config?: string;
  deployment?: string;
  tftp?: string;
  mac?: string;
  httpPort?: string;
  newCert: string;
  oldCert?: string;
  gate?: string;
  leadDays: string;
  json?: boolean;
  format?: string;
  output?: string;
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

/** What the phones' configuration holds: the hashes, host ID check, authMethod (configuration or deployment). */
interface Held {
  held: string[];
  source: string;
  hostIdCheck: boolean;
  authMethod: number | undefined;
  mtu: number | undefined;
  /** What the configuration says of the phone's model (the login emulates it unless --model). */
  phone?: { modelName: string | undefined; loadInformation: string | undefined };
  /** The deployment's names for the fixes (with -d). */
  names?: ObjectNames;
}

async function heldHashes(o: StatusCliOpts): Promise<Held> {
  const given = [o.config, o.deployment, o.tftp].filter((x) => x !== undefined).length;
  if (given !== 1)
    throw new UsageError(
      "give the phones' configuration: exactly one of --config FILE, --tftp HOST --mac MAC, or -d DEPLOYMENT",
    );
  const fromBytes = (bytes: Uint8Array, source: string) => {
    let parsed: ReturnType<typeof parsePhoneConfig>;
    try {
      parsed = parsePhoneConfig(bytes);
    } catch (e) {
      throw new UsageError(`${source}: ${(e as Error).message}`);
    }
    const vpn = parsed.vpn;
    if (!vpn || vpn.certHashes.length === 0) throw new UsageError(`${source}: no certHash in a <vpnGroup>`);
    return {
      held: vpn.certHashes,
      source,
      hostIdCheck: vpn.enableHostIDCheck === true,
      authMethod: vpn.authMethod,
      mtu: vpn.mtu,
      phone: { modelName: parsed.modelName, loadInformation: parsed.loadInformation },
    };
  };
  if (o.config !== undefined) return fromBytes(readBytes(o.config), o.config);
  if (o.tftp !== undefined) {
    if (o.mac === undefined)
      throw new UsageError('--tftp needs --mac (the phone whose SEP<MAC>.cnf.xml to read)');
    const mac = macOption(o.mac);
    const httpPort = Number(o.httpPort ?? 6970);
    if (!Number.isInteger(httpPort) || httpPort < 1 || httpPort > 65535)
      throw new UsageError(`--http-port ${o.httpPort}: not a port number`);
    // Like the phone: TFTP first, then HTTP on CUCM's port 6970.
    const got = await fetchPhoneConfig(o.tftp, mac, 10_000, httpPort);
    if (!got.bytes) throw new UsageError(got.steps[0]?.detail ?? `cannot read the configuration of ${mac}`);
    return fromBytes(got.bytes, got.source);
  }
  const file = o.deployment as string;
  const loaded = loadDeploymentFile(file);
  const profile = loaded.deployment.cucm.vpnProfile;
  return {
    held: certHashesFor(loaded),
    source: file,
    hostIdCheck: profile.hostIdCheck,
    authMethod: AUTH_METHOD[profile.clientAuthentication],
    mtu: profile.mtu,
    names: namesFromDeployment(loaded.deployment),
  };
}

/** The stage as the HTML report: stage, next step, presented and held hashes, the gate, the findings. */
function statusHtml(r: StageReport, url: string, configSource: string): string {
  const facts: [string, string][] = [
    ['Stage', `${r.stage}${r.phonesConnect ? '' : ' (the phones cannot connect)'}`],
    ['Next', r.next],
    [
      'Headend presents',
      `${r.presented.subject}, certHash ${r.presented.certHash}, ${r.presented.daysLeft} days left (renew by ${r.presented.renewBy.slice(0, 10)})`,
    ],
    ['Phones hold', r.held.join(', ')],
  ];
  if (r.gate)
    facts.push([
      `Gate ${r.gate.gate}`,
      `${r.gate.ok ? 'open' : 'CLOSED'}${r.gate.reasons.length > 0 ? `: ${r.gate.reasons.join('; ')}` : ''}`,
    ]);
  const inputs = [
    { source: url, kind: 'headend' },
    { source: configSource, kind: 'phone configuration' },
  ];
  return render({ inputs, findings: r.findings }, 'html', undefined, { command: 'renew status', facts });
}

function statusText(r: StageReport): string {
  const out = [
    `stage: ${r.stage}${r.phonesConnect ? '' : ' (the phones cannot connect)'}`,
    `next:  ${r.next.replaceAll('\n', '\n       ')}`,
    `headend presents ${r.presented.subject}, certHash ${r.presented.certHash}, ${r.presented.daysLeft} days left (the renewal should begin by ${r.presented.renewBy})`,
    `phones hold ${r.held.join(', ')}`,
  ];
  if (r.gate)
    out.push(
      `gate ${r.gate.gate}: ${r.gate.ok ? 'open' : 'CLOSED'}`,
      ...r.gate.reasons.map((x) => `  - ${x}`),
    );
  if (r.login) out.push(`phone login (probe): ${r.login.status}: ${r.login.detail}`);
  for (const f of r.findings) out.push(`${f.severity} ${f.id}: ${f.message}`);
  return `${out.join('\n')}\n`;
}

export async function renewStatusCommand(o: StatusCliOpts): Promise<number> {
  const format = outputFormat(o);
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
  const id = await phoneIdentity(o);
  const held = await heldHashes(o);
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
  if (held.names) input.names = held.names;
  // After the switch, log in as the phone: the hashes alone do not show that phones come up.
  const stage = stageOf(presented, held.held, newCert);
  if (stage === 'switched' || stage === 'cleaned')
    input.login = await phoneLogin({
      url: o.url,
      source: held.source,
      certHashes: held.held,
      hostIdCheck: held.hostIdCheck,
      authMethod: held.authMethod,
      mtu: held.mtu,
      model: emulatedModel(o.model, held.phone).model,
      ...id,
    });
  const report = renewStatus(input, o.gate as Gate | undefined);
  // The output edge: secrets the headend echoed into the probe's answers, and the password, are redacted
  // (render() redacts the HTML page itself).
  const out =
    format === 'json'
      ? `${JSON.stringify(redactDeep(report), null, 2)}\n`
      : format === 'html'
        ? statusHtml(report, o.url, held.source)
        : redactSecrets(statusText(report));
  writeOutput(redactPassword(out, id.password), o.output);
  return statusExitCode(report);
}
