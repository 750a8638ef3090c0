// The probe's output: a step table with the negotiated facts (text) or the RULES.md report plus steps (JSON).

import type { Report } from '../report/finding.js';
import { sortFindings } from '../report/finding.js';
import { render as renderReport } from '../report/render.js';
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

export function renderProbeText(r: ProbeResult, source: string): string {
  const out: string[] = [];
  const m = r.facts.model;
  out.push(`vpnphone probe: ${r.facts.url ?? '?'} as a Cisco ${m?.name ?? '?'} (configuration: ${source})`);
  if (m) out.push(`Emulated model: ${m.name}, because ${m.why}`);
  out.push('');
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
  out.push('', r.ok ? 'Result: the tunnel came up.' : 'Result: FAILED.', '');
  if (r.findings.length > 0) out.push(renderReport({ inputs: [], findings: r.findings }, 'text'));
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
