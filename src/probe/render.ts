// The probe's output: a step table with the negotiated facts (text) or the RULES.md report plus steps (JSON).

import type { Finding, Report } from '../report/finding.js';
import { sortFindings } from '../report/finding.js';
import { render as renderReport } from '../report/render.js';
import { type GatewayAttempt, type GatewaysResult, tunnelCameUp } from './gateways.js';
import type { ProbeResult } from './run.js';

export interface ProbeJson extends Report {
  ok: boolean;
  steps: ProbeResult['steps'];
  facts: ProbeResult['facts'];
}

export function probeReport(r: ProbeResult, source: string): ProbeJson {
  return {
    inputs: [{ source, kind: 'probe' }],
    findings: sortFindings(r.findings),
    ok: r.ok,
    steps: r.steps,
    facts: r.facts,
  };
}

/** The probe as the HTML report (redacted in render): the result and negotiated facts, the steps, the findings. */
export function probeHtml(r: ProbeResult, source: string): string {
  const f = r.facts;
  const facts: [string, string][] = [
    ['Result', r.ok ? 'the tunnel came up' : 'FAILED'],
    ['Headend', `${f.url ?? '?'} as a Cisco ${f.model?.name ?? '?'} (configuration: ${source})`],
  ];
  if (f.model) facts.push(['Emulated model', `${f.model.name}, because ${f.model.why}`]);
  if (f.tls) facts.push(['TLS', `${f.tls.version} ${f.tls.cipher} (offered ${f.tls.offered.join(':')})`]);
  if (f.dtls) facts.push(['DTLS', `${f.dtls.cipher ?? 'none'}${f.dtls.up ? ' (up)' : ' (not up)'}`]);
  const c = f.headendCertificate;
  if (c) facts.push(['Certificate', `${c.subject}, certHash ${c.certHash}, expires ${c.notAfter}`]);
  if (f.newCertHash) facts.push(['New certHash to add to CUCM', f.newCertHash]);
  if (f.connectMs !== undefined) facts.push(['Connect time', `${f.connectMs} ms`]);
  return renderReport(probeReport(r, source), 'html', undefined, {
    command: 'probe',
    facts,
    sections: [
      {
        title: 'Steps',
        columns: ['Step', 'Result', 'Time', 'Detail'],
        rows: r.steps.map((s) => [s.step, s.status, s.ms === undefined ? '' : `${s.ms} ms`, s.detail]),
      },
    ],
  });
}

/** The step table and the negotiated facts of one probe run, as text lines. */
function stepLines(r: ProbeResult): string[] {
  const out: string[] = [];
  out.push(`${'STEP'.padEnd(12)}${'RESULT'.padEnd(9)}${'TIME'.padStart(9)}  DETAIL`);
  for (const s of r.steps) {
    const t = s.ms === undefined ? '' : `${s.ms} ms`;
    out.push(`${s.step.padEnd(12)}${s.status.padEnd(9)}${t.padStart(9)}  ${s.detail}`);
  }
  out.push('');
  const f = r.facts;
  if (f.tls) out.push(`TLS:          ${f.tls.version} ${f.tls.cipher} (offered ${f.tls.offered.join(':')})`);
  if (f.dtls) out.push(`DTLS:         ${f.dtls.cipher ?? 'none'}${f.dtls.up ? ' (up)' : ' (not up)'}`);
  if (f.tunnel?.address) {
    out.push(
      `Address:      ${f.tunnel.address}/${f.tunnel.netmask ?? '?'}${f.tunnel.dns.length ? `, DNS ${f.tunnel.dns.join(' ')}` : ''}`,
    );
  }
  const c = f.headendCertificate;
  if (c) {
    out.push(`Certificate:  ${c.subject}${c.selfSigned ? ' (self-signed)' : `, issuer ${c.issuer}`}`);
    const san = [...c.sanDns, ...c.sanIp];
    if (san.length) out.push(`  SAN:        ${san.join(', ')}`);
    out.push(`  certHash:   ${c.certHash} (SHA-1 ${c.sha1Hex})`);
    out.push(`  expires:    ${c.notAfter}; key ${c.keyType}${c.keySize ? ` ${c.keySize}` : ''}`);
  }
  if (f.newCertHash) out.push('', `New certHash to add to CUCM (VPN gateway certificate): ${f.newCertHash}`);
  if (f.connectMs !== undefined)
    out.push(`Connect time: ${f.connectMs} ms (start to ${f.dtls?.up ? 'DTLS' : 'tunnel'} up)`);
  return out;
}

export function renderProbeText(r: ProbeResult, source: string): string {
  const out: string[] = [];
  const m = r.facts.model;
  out.push(`vpnphone probe: ${r.facts.url ?? '?'} as a Cisco ${m?.name ?? '?'} (configuration: ${source})`);
  if (m) out.push(`Emulated model: ${m.name}, because ${m.why}`);
  out.push('');
  out.push(...stepLines(r));
  out.push('', r.ok ? 'Result: the tunnel came up.' : 'Result: FAILED.', '');
  if (r.findings.length > 0) out.push(renderReport({ inputs: [], findings: r.findings }, 'text'));
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

// ---- several gateways (--gateway all, --failover) ------------------------------------------

/** How one gateway's attempt ended, in a few words: `the tunnel came up`, `failed at tcp: ...`. */
export function attemptOutcome(a: GatewayAttempt): string {
  const failed = a.result.steps.find((s) => s.status === 'failed' && s.step !== 'dtls');
  if (failed) return `failed at ${failed.step}: ${failed.detail}`;
  if (!tunnelCameUp(a.result)) return 'did not come up';
  const dtls = a.result.steps.find((s) => s.step === 'dtls');
  return dtls?.status === 'failed' ? `the tunnel came up, DTLS failed: ${dtls.detail}` : 'the tunnel came up';
}

/** The result line of several gateways: which one came up and what failed before (failover), or each (all). */
export function gatewaysVerdict(g: GatewaysResult): string {
  const failedBefore = g.attempts
    .filter((a) => a.gateway !== g.upGateway)
    .map((a) => `url${a.gateway} ${attemptOutcome(a)}`);
  if (g.mode === 'failover') {
    if (g.upGateway === undefined) {
      return `Result: FAILED: no gateway came up (${failedBefore.join('; ') || 'none tried'}).`;
    }
    const up = g.attempts.find((a) => a.gateway === g.upGateway)!;
    const before = failedBefore.length ? ` after ${failedBefore.join('; ')}` : ', the first tried';
    const dtls = up.result.ok
      ? ''
      : ` (${attemptOutcome(up).replace(/^the tunnel came up, /, '')}: voice on TLS)`;
    return `Result: url${up.gateway} ${up.url} came up${before}${dtls}.`;
  }
  const bad = g.attempts.filter((a) => !a.result.ok);
  return bad.length === 0
    ? `Result: all ${g.attempts.length} gateways came up.`
    : `Result: FAILED: ${bad.map((a) => `url${a.gateway} ${attemptOutcome(a)}`).join('; ')}.`;
}

/** Every attempt's findings, each naming the gateway it came from when the group has several. */
export function gatewaysFindings(g: GatewaysResult): Finding[] {
  return g.attempts.flatMap((a) =>
    a.result.findings.map((f) =>
      g.attempts.length + g.notTried.length > 1 && !f.message.includes(a.url)
        ? { ...f, message: `url${a.gateway} ${a.url}: ${f.message}` }
        : f,
    ),
  );
}

export interface GatewaysJson extends Report {
  ok: boolean;
  mode: GatewaysResult['mode'];
  /** The gateway the phone stays on (failover). */
  upGateway?: number;
  gateways: {
    gateway: number;
    url: string;
    ok: boolean;
    tunnelUp: boolean;
    outcome: string;
    steps: ProbeResult['steps'];
    facts: ProbeResult['facts'];
    findings: Finding[];
  }[];
  notTried: GatewaysResult['notTried'];
}

export function gatewaysReport(g: GatewaysResult, source: string): GatewaysJson {
  return {
    inputs: [{ source, kind: 'probe' }],
    findings: sortFindings(gatewaysFindings(g)),
    ok: g.ok,
    mode: g.mode,
    ...(g.upGateway !== undefined ? { upGateway: g.upGateway } : {}),
    gateways: g.attempts.map((a) => ({
      gateway: a.gateway,
      url: a.url,
      ok: a.result.ok,
      tunnelUp: tunnelCameUp(a.result),
      outcome: attemptOutcome(a),
      steps: a.result.steps,
      facts: a.result.facts,
      findings: sortFindings(a.result.findings),
    })),
    notTried: g.notTried,
  };
}

export function renderGatewaysText(g: GatewaysResult, source: string): string {
  const out: string[] = [];
  const m = g.attempts[0]?.result.facts.model;
  const n = g.attempts.length + g.notTried.length;
  const how = g.mode === 'failover' ? 'in order until one comes up, as the phone fails over' : 'each';
  out.push(`vpnphone probe: ${n} VPN gateways of ${source}, ${how}, as a Cisco ${m?.name ?? '?'}`);
  if (m) out.push(`Emulated model: ${m.name}, because ${m.why}`);
  for (const a of g.attempts) {
    out.push('', `== url${a.gateway} ${a.url}: ${attemptOutcome(a)}`, '');
    out.push(...stepLines(a.result));
  }
  for (const t of g.notTried) out.push('', `== url${t.gateway} ${t.url}: not tried (${t.why})`);
  out.push('', gatewaysVerdict(g), '');
  const findings = gatewaysFindings(g);
  if (findings.length > 0) out.push(renderReport({ inputs: [], findings }, 'text'));
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

/** Several gateways as the HTML report: the verdict, then a step table per gateway. */
export function gatewaysHtml(g: GatewaysResult, source: string): string {
  const facts: [string, string][] = [['Result', gatewaysVerdict(g).replace(/^Result: /, '')]];
  const m = g.attempts[0]?.result.facts.model;
  if (m) facts.push(['Emulated model', `${m.name}, because ${m.why}`]);
  for (const t of g.notTried) facts.push([`url${t.gateway}`, `${t.url}: not tried (${t.why})`]);
  return renderReport(
    { inputs: [{ source, kind: 'probe' }], findings: gatewaysFindings(g) },
    'html',
    undefined,
    {
      command: 'probe',
      facts,
      sections: g.attempts.map((a) => ({
        title: `url${a.gateway} ${a.url}: ${attemptOutcome(a)}`,
        columns: ['Step', 'Result', 'Time', 'Detail'],
        rows: a.result.steps.map((s) => [s.step, s.status, s.ms === undefined ? '' : `${s.ms} ms`, s.detail]),
      })),
    },
  );
}
