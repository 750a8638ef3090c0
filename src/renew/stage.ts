// Where a renewal stands, from what the headend presents and which hashes the phones hold; pure, no I/O.
import type { CertExpiry } from '../findings/catalogue/config.js';
import { type Draft, draft, type Finding, renderFindings } from '../findings/finding.js';
import { type ObjectNames, outsideOf } from '../findings/names.js';
import { type CertInfo, daysLeft, hostMatchesCertificate } from '../pki/cert.js';
import type { StepResult } from '../probe/types.js';
import { renewalStart } from './lead.js';

export type Stage = 'old-only' | 'staged' | 'switched' | 'cleaned' | 'broken';
export type Gate = 'switch' | 'cleanup';

export interface StageInput {
  /** The certificate the headend presented in the TLS handshake. */
  presented: CertInfo;
  /** certHash1..certHash10 of the phones' configuration. */
  held: readonly string[];
  newCert: CertInfo;
  oldCert?: CertInfo;
  /** Where the hashes came from and where the certificate was read, for evidence. */
  configSource: string;
  headendSource: string;
  now: Date;
  /** Host ID check on: the URL host the phones compare with the certificate. */
  hostIdCheckHost?: string;
  /** Days before expiry the renewal should start (time to reset every phone inside). */
  leadDays: number;
  /** The probe's login as a phone, once the headend presents the new certificate (see PhoneLogin). */
  login?: PhoneLogin;
  /** The deployment's names for the fixes (trustpoint, outside interface); placeholders without one. */
  names?: ObjectNames;
}

/** The probe's `/svc` login as the phone, and the tunnel it brings up. */
export interface PhoneLogin {
  /** `notChecked`: not tried, `detail` says what to give (credentials, the phone's certificate). */
  status: 'passed' | 'failed' | 'notChecked';
  detail: string;
  /** The probe's steps (absent when not tried). */
  steps?: StepResult[];
  /** The probe's findings, worded by the probe. */
  findings: Finding[];
}

export interface GateResult {
  gate: Gate;
  ok: boolean;
  reasons: string[];
}

export interface StageReport {
  stage: Stage;
  next: string;
  /** The phones can connect now (the presented certificate's hash is one they hold). */
  phonesConnect: boolean;
  presented: { certHash: string; subject: string; notAfter: string; daysLeft: number; renewBy: string };
  held: string[];
  findings: Finding[];
  /** After the switch: whether a phone logs in through the headend presenting the new certificate. */
  login?: Omit<PhoneLogin, 'findings'>;
  gate?: GateResult;
}

export function stageOf(presented: CertInfo, held: readonly string[], newCert: CertInfo): Stage {
  if (!held.includes(presented.certHash)) return 'broken';
  const holdsNew = held.includes(newCert.certHash);
  if (presented.certHash === newCert.certHash) return held.length > 1 ? 'switched' : 'cleaned';
  return holdsNew ? 'staged' : 'old-only';
}

const NEXT: Record<Exclude<Stage, 'broken'>, string> = {
  'old-only':
    "put the new certificate on CUCM (Phone-VPN-trust on every node, and the VPN gateway's certificates), then reset the phones while inside",
  staged: 'the switch is safe: ssl trust-point NEW outside (check with --gate switch first)',
  switched:
    'test one phone, then all; the old certificate can go once every phone has the new configuration (--gate cleanup)',
  cleaned: 'done: the phones hold only the new hash and the headend presents it',
};

export function gateCheck(gate: Gate, i: StageInput, stage: Stage): GateResult {
  const reasons: string[] = [];
  const n = i.newCert;
  if (gate === 'switch') {
    if (!i.held.includes(n.certHash))
      reasons.push(`the phones do not hold the new certificate's hash ${n.certHash} (${i.configSource})`);
    if (n.notBefore > i.now)
      reasons.push(`the new certificate is not valid before ${n.notBefore.toISOString()}`);
    const left = daysLeft(n, i.now);
    if (left < 0) reasons.push('the new certificate is expired');
    else if (left < i.leadDays)
      reasons.push(`the new certificate expires in ${left} days (less than the ${i.leadDays}-day lead)`);
    if (n.keyType !== 'RSA')
      reasons.push(
        `the new certificate's key is ${n.keyType}, not RSA: phones fail on an EC headend certificate (CSCuu02848)`,
      );
    if (i.hostIdCheckHost !== undefined && !hostMatchesCertificate(i.hostIdCheckHost, n))
      reasons.push(
        `host ID check is on and ${i.hostIdCheckHost} matches neither CN nor a SAN of the new certificate`,
      );
  } else {
    if (stage !== 'switched' && stage !== 'cleaned')
      reasons.push(
        `stage is ${stage}: the old certificate can go only once the headend presents the new one and the phones hold it`,
      );
    if (i.login?.status === 'failed')
      reasons.push(
        `a phone cannot log in through the headend presenting the new certificate: ${i.login.detail}`,
      );
  }
  return { gate, ok: reasons.length === 0, reasons };
}

export function renewStatus(i: StageInput, gate?: Gate): StageReport {
  const p = i.presented;
  const stage = stageOf(p, i.held, i.newCert);
  const names = i.names ?? {};
  const drafts: Draft[] = [];
  const headend = [
    { source: i.headendSource, text: `presented certificate ${p.subject}, certHash ${p.certHash}` },
  ];
  if (stage === 'broken')
    drafts.push(
      draft(
        'gateway-cert-not-trusted',
        {
          via: 'renewal',
          subject: p.subject,
          certHash: p.certHash,
          origin: i.headendSource,
          where: i.configSource,
          hashes: [...i.held],
          ...(i.oldCert ? { oldValid: i.oldCert.notAfter > i.now } : {}),
          ...(names.identityTrustpoint ? { oldTrustpoint: names.identityTrustpoint } : {}),
          outside: outsideOf(names),
        },
        [...headend, ...i.held.map((h, k) => ({ source: i.configSource, text: `certHash${k + 1} ${h}` }))],
      ),
    );
  const left = daysLeft(p, i.now);
  const renewBy = renewalStart(p.notAfter, i.leadDays);
  const expiry: CertExpiry = {
    name: p.subjectCN ? `CN=${p.subjectCN}` : p.subject,
    origin: `presented by ${i.headendSource}`,
    date: p.notAfter.toISOString().slice(0, 10),
    days: left,
    threshold: i.leadDays,
    nextTrustpoint: names.identityTrustpoint ? `${names.identityTrustpoint}-new` : '<new-trustpoint>',
    subject: p.subject,
    outside: outsideOf(names),
    renewBy,
    leadDays: i.leadDays,
  };
  if (left < 0) drafts.push(draft('cert-expired', expiry, headend));
  else if (left <= i.leadDays && stage === 'old-only') drafts.push(draft('cert-expiring', expiry, headend));
  const findings = [...renderFindings(drafts, names), ...(i.login?.findings ?? [])];
  const loginFailed = i.login?.status === 'failed';
  const next =
    stage === 'broken'
      ? (findings.find((f) => f.id === 'gateway-cert-not-trusted')?.fix ?? '')
      : loginFailed
        ? `a phone cannot log in through the headend presenting the new certificate: fix what the findings name, or switch the headend back to the old certificate while it is still valid; then ${NEXT[stage as Exclude<Stage, 'broken'>]}`
        : NEXT[stage as Exclude<Stage, 'broken'>];
  const report: StageReport = {
    stage,
    next,
    phonesConnect: stage !== 'broken' && !loginFailed,
    presented: {
      certHash: p.certHash,
      subject: p.subject,
      notAfter: p.notAfter.toISOString(),
      daysLeft: left,
      renewBy,
    },
    held: [...i.held],
    findings,
  };
  if (i.login) {
    const { findings: _, ...login } = i.login;
    report.login = login;
  }
  if (gate) report.gate = gateCheck(gate, i, stage);
  return report;
}

/** 0 while the phones can connect (the stage, and the phone's login when it ran) and the gate, if any, is open; 1 otherwise. */
export function statusExitCode(r: StageReport): number {
  if (!r.phonesConnect) return 1;
  if (r.gate && !r.gate.ok) return 1;
  return 0;
}
