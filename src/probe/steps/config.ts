// Step config: the phone configuration's VPN settings (url, certHash, host ID check), and the URL's parts.
import { probeFinding } from '../../checks/probe/findings.js';
import { type ParsedPhoneConfig, parsePhoneConfig } from '../../cucm/phone-config.js';
import type { Finding } from '../../report/finding.js';
import { errText } from '../errors.js';
import type { ConfigSource, StepResult } from '../types.js';
import { fail } from './session.js';

/**
 * Turns configuration bytes into the probe's ConfigSource, or a failed `config` step.
 * `gateway` picks url1..url3 (a phone tries them in order; the probe checks one per run).
 */
export function configFromBytes(
  bytes: Uint8Array,
  source: string,
  earlier: StepResult[] = [],
  gateway = 1,
): { config?: ConfigSource; steps: StepResult[]; findings: Finding[] } {
  const t0 = performance.now();
  let parsed: ParsedPhoneConfig;
  const failed = (detail: string) => ({
    steps: [...earlier, { step: 'config' as const, status: 'failed' as const, ms: 0, detail }],
    findings: [probeFinding({ kind: 'config-unusable', source, detail })],
  });
  try {
    parsed = parsePhoneConfig(bytes);
  } catch (e) {
    return failed(`${source}: ${(e as Error)?.message ?? String(e)}`);
  }
  const vpn = parsed.vpn;
  const url = vpn?.urls[gateway - 1];
  if (!vpn || !url) return failed(`${source} has no <vpnGroup> with a <url${gateway}>`);
  const step: StepResult = {
    step: 'config',
    status: 'passed',
    ms: Math.round(performance.now() - t0),
    detail: `${source}: url${gateway} ${url} (of ${vpn.urls.length}), ${vpn.certHashes.length} certHash, authMethod ${vpn.authMethod ?? '?'}, host ID check ${vpn.enableHostIDCheck ? 'on' : 'off'}`,
  };
  return {
    config: {
      source,
      url,
      certHashes: vpn.certHashes,
      hostIdCheck: vpn.enableHostIDCheck === true,
      authMethod: vpn.authMethod,
      mtu: vpn.mtu,
      ...(parsed.modelName ? { modelName: parsed.modelName } : {}),
      ...(parsed.loadInformation ? { loadInformation: parsed.loadInformation } : {}),
    },
    steps: [...earlier, step],
    findings: [],
  };
}

export interface Target {
  host: string;
  port: number;
  path: string;
}

/** The headend the configured URL names; a URL the phone could not use fails the config step. */
export function targetOf(url: string): Target {
  let u: URL;
  try {
    u = new URL(url);
  } catch (e) {
    return fail('config', errText(e), undefined, e);
  }
  if (u.protocol !== 'https:') fail('config', `not an https URL: ${url}`);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return { host, port: u.port ? Number(u.port) : 443, path: u.pathname || '/' };
}
