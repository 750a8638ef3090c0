// Where a renewal stands, from what the headend presents and which hashes the phones hold; pure, no I/O.
import { type CertInfo, daysLeft, hostMatchesCertificate } from '../pki/cert.js';
import { type Finding, finding } from '../report/finding.js';

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

function brokenNext(oldValid: boolean | undefined): string {
  const back =
    oldValid === false
      ? 'the old certificate is no longer valid, so switching back does not help'
      : 'switch the headend back to the old certificate while it is still valid (ssl trust-point OLD outside)';
  return `${back}; or put the presented certificate on CUCM (Phone-VPN-trust and the VPN gateway) and bring the phones inside to download the new configuration`;
}

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
  }
  return { gate, ok: reasons.length === 0, reasons };
}

export function renewStatus(i: StageInput, gate?: Gate): StageReport {
  const p = i.presented;
  const stage = stageOf(p, i.held, i.newCert);
  const findings: Finding[] = [];
  const evidence = [
    { source: i.headendSource, text: `presented certificate ${p.subject}, certHash ${p.certHash}` },
    ...i.held.map((h, k) => ({ source: i.configSource, text: `certHash${k + 1} ${h}` })),
  ];
  const oldValid = i.oldCert ? i.oldCert.notAfter > i.now : undefined;
  if (stage === 'broken')
    findings.push(
      finding('gateway-cert-not-trusted', {
        message: `the headend presents ${p.subject} (certHash ${p.certHash}), which the phones' configuration does not hold: the phones refuse the headend (the renewal outage)`,
        evidence,
        fix: brokenNext(oldValid),
      }),
    );
  const left = daysLeft(p, i.now);
  const renewBy = new Date(p.notAfter.getTime() - i.leadDays * 86_400_000);
  if (left < 0)
    findings.push(
      finding('cert-expired', {
        message: `the certificate the headend presents expired ${-left} days ago (${p.notAfter.toISOString()})`,
        evidence: evidence.slice(0, 1),
      }),
    );
  else if (left <= i.leadDays && stage === 'old-only')
    findings.push(
      finding('cert-expiring', {
        message: `the certificate the headend presents expires in ${left} days (${p.notAfter.toISOString().slice(0, 10)}); the renewal should have started by ${renewBy.toISOString().slice(0, 10)} (${i.leadDays}-day lead)`,
        evidence: evidence.slice(0, 1),
      }),
    );
  const report: StageReport = {
    stage,
    next: stage === 'broken' ? brokenNext(oldValid) : NEXT[stage],
    phonesConnect: stage !== 'broken',
    presented: {
      certHash: p.certHash,
      subject: p.subject,
      notAfter: p.notAfter.toISOString(),
      daysLeft: left,
      renewBy: renewBy.toISOString(),
    },
    held: [...i.held],
    findings,
  };
  if (gate) report.gate = gateCheck(gate, i, stage);
  return report;
}

/** 0 while the phones can connect (and the gate, if any, is open), 1 otherwise. */
export function statusExitCode(r: StageReport): number {
  if (!r.phonesConnect) return 1;
  if (r.gate && !r.gate.ok) return 1;
  return 0;
}
