// Step config: the phone configuration's VPN settings (url, certHash, host ID check), and the URL's parts.
import { probeFinding } from '../../checks/probe/findings.js';
import { type ParsedPhoneConfig, parsePhoneConfig } from '../../cucm/phone-config.js';
import type { Finding } from '../../report/finding.js';
import { errText } from '../errors.js';
import type { ConfigSource, StepResult } from '../types.js';
import { fail } from './session.js';

/** What configuration bytes give: the VPN group's gateways (url1..url3 in order) or a failed `config` step. */
export interface ConfigsFromBytes {
  configs?: ConfigSource[];
  steps: StepResult[];
  findings: Finding[];
}

/**
 * Turns configuration bytes into the probe's ConfigSource, or a failed `config` step.
 * `gateway` picks url1..url3 (a phone tries them in order; `configsFromBytes` gives them all).
 */
export function configFromBytes(
  bytes: Uint8Array,
  source: string,
  earlier: StepResult[] = [],
  gateway = 1,
): { config?: ConfigSource; steps: StepResult[]; findings: Finding[] } {
  const r = configsFromBytes(bytes, source, earlier, gateway);
  return r.configs ? { config: r.configs[0]!, steps: r.configs[0]!.steps ?? [], findings: [] } : r;
}

/**
 * Every gateway of the configuration's VPN group, in the order the phone tries them (url1, url2, url3),
 * each with its own `config` step row; with `only`, that one gateway. The certHash list is the VPN
 * group's: CUCM writes one list for all of its gateways and the phone checks every gateway against it.
 */
export function configsFromBytes(
  bytes: Uint8Array,
  source: string,
  earlier: StepResult[] = [],
  only?: number,
): ConfigsFromBytes {
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
  const wanted = only === undefined ? (vpn?.urls.map((_, i) => i + 1) ?? []) : [only];
  if (!vpn || wanted.length === 0 || !wanted.every((n) => vpn.urls[n - 1])) {
    return failed(`${source} has no <vpnGroup> with a <url${only ?? 1}>`);
  }
  const ms = Math.round(performance.now() - t0);
  const configs = wanted.map((n): ConfigSource => {
    const url = vpn.urls[n - 1]!;
    const step: StepResult = {
      step: 'config',
      status: 'passed',
      ms,
      detail: `${source}: url${n} ${url} (of ${vpn.urls.length}), ${vpn.certHashes.length} certHash, authMethod ${vpn.authMethod ?? '?'}, host ID check ${vpn.enableHostIDCheck ? 'on' : 'off'}`,
    };
    return {
      source,
      url,
      ...(vpn.urls.length > 1 ? { gateway: n } : {}),
      certHashes: vpn.certHashes,
      hostIdCheck: vpn.enableHostIDCheck === true,
      authMethod: vpn.authMethod,
      mtu: vpn.mtu,
      ...(parsed.modelName ? { modelName: parsed.modelName } : {}),
      ...(parsed.loadInformation ? { loadInformation: parsed.loadInformation } : {}),
      steps: [...earlier, step],
    };
  });
  return { configs, steps: configs[0]!.steps ?? [], findings: [] };
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
