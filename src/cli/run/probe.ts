// What `vpnphone probe` does; loaded by ../commands/probe.ts only when the command runs.

import { type GatewayMode, type GatewaysResult, runGateways } from '../../probe/gateways.js';
import { emulatedModel } from '../../probe/model.js';
import {
  gatewaysHtml,
  gatewaysReport,
  probeHtml,
  probeReport,
  renderGatewaysText,
  renderProbeText,
} from '../../probe/render.js';
import {
  type ConfigSource,
  type ProbeOptions,
  type ProbeResult,
  runProbe,
  type StepResult,
} from '../../probe/run.js';
import { configsFromBytes } from '../../probe/steps/config.js';
import { fetchPhoneConfig } from '../../probe/steps/tftp.js';
import { redactDeep, redactSecrets } from '../../report/redact.js';
import { UsageError } from '../errors.js';
import { macOption, readBytes, writeFile, writeOutput } from '../files.js';
import { readPassword } from '../password.js';
import { type PhoneIdentityOpts, phoneIdentity, redactPassword } from './phone-identity.js';

export interface ProbeOpts extends PhoneIdentityOpts {
  config?: string;
  tftp?: string;
  mac?: string;
  httpPort: string;
  gateway: string;
  failover?: boolean;
  url?: string;
  certHash: string[];
  hostIdCheck?: boolean;
  login: string;
  autoDetect?: string;
  autoDetectTimeout: string;
  dnsServer?: string;
  dnsTimeout: string;
  timeout: string;
  dtlsTimeout?: string;
  dtlsCiphers?: string;
  tlsCiphers?: string;
  ping?: string;
  hold?: string;
  json?: boolean;
  format?: string;
  output?: string;
  log?: string;
  verbose?: boolean;
}

function seconds(name: string, v: string, max = 3600): number {
  const n = Number(v);
  if (!(Number.isFinite(n) && n > 0 && n <= max))
    throw new UsageError(`${name} ${v}: expected seconds from 0 to ${max}`);
  return n;
}

export async function probeAction(o: ProbeOpts): Promise<number> {
  const format = o.json ? 'json' : (o.format ?? 'text');
  if (format !== 'text' && format !== 'json' && format !== 'html')
    throw new UsageError(`--format ${format}: use text, json or html`);
  const sources = [o.config, o.tftp, o.url].filter((x) => x !== undefined).length;
  if (sources !== 1)
    throw new UsageError('give exactly one of --config FILE, --tftp HOST --mac MAC, or --url URL');
  if (o.login !== 'svc' && o.login !== 'aggregate')
    throw new UsageError(`--login ${o.login}: expected svc or aggregate`);
  const stepMs = seconds('--timeout', o.timeout) * 1000;
  const dnsMs = seconds('--dns-timeout', o.dnsTimeout) * 1000;
  const dtlsMs = o.dtlsTimeout ? seconds('--dtls-timeout', o.dtlsTimeout) * 1000 : stepMs;
  const hold = o.hold ? seconds('--hold', o.hold, 7 * 86400) : undefined;
  const mode: GatewayMode | undefined = o.failover ? 'failover' : o.gateway === 'all' ? 'all' : undefined;
  if (o.failover && o.gateway !== '1' && o.gateway !== 'all')
    throw new UsageError(`--failover tries every gateway in order: leave out --gateway ${o.gateway}`);
  const gateway = mode ? undefined : Number(o.gateway);
  if (gateway !== undefined && ![1, 2, 3].includes(gateway))
    throw new UsageError(`--gateway ${o.gateway}: expected 1, 2, 3 or all`);
  if (mode && o.url !== undefined)
    throw new UsageError(
      `--${mode === 'all' ? 'gateway all' : 'failover'} needs the phone configuration's VPN group: give --config or --tftp, not --url`,
    );
  if (mode === 'all' && o.hold !== undefined)
    throw new UsageError('--hold keeps one session: use it with --failover or one --gateway');
  const httpPort = Number(o.httpPort);
  if (!(httpPort > 0 && httpPort < 65536)) throw new UsageError(`--http-port ${o.httpPort}: not a port`);
  if (o.dnsServer && !/^[0-9a-fA-F.:[\]]+$/.test(o.dnsServer)) {
    throw new UsageError(`--dns-server ${o.dnsServer}: expected an IP address (optionally :port)`);
  }
  const { certPem, keyPem, password: given } = await phoneIdentity(o);
  let password = given;

  let configs: ConfigSource[] | undefined;
  let source: string;
  let early: Pick<ProbeResult, 'steps' | 'findings'> = { steps: [], findings: [] };
  if (o.url !== undefined) {
    try {
      new URL(o.url);
    } catch {
      throw new UsageError(`--url ${o.url}: not a URL`);
    }
    source = '--url';
    configs = [
      {
        source,
        url: o.url,
        certHashes: o.certHash,
        hostIdCheck: o.hostIdCheck === true,
        authMethod: o.cert ? 2 : o.username ? 0 : undefined,
        mtu: undefined,
        steps: [
          { step: 'tftp', status: 'skipped', detail: 'not fetched (--url)' },
          {
            step: 'config',
            status: 'skipped',
            detail: `--url ${o.url} with ${o.certHash.length} --cert-hash`,
          },
        ],
      },
    ];
  } else if (o.config !== undefined) {
    source = o.config;
    const r = configsFromBytes(
      readBytes(o.config, 'configuration'),
      o.config,
      [{ step: 'tftp', status: 'skipped', detail: 'configuration read from a file' }],
      gateway,
    );
    if (!r.configs) early = r;
    else configs = r.configs;
  } else {
    if (!o.mac) throw new UsageError('--tftp needs --mac');
    const f = await fetchPhoneConfig(o.tftp!, macOption(o.mac), stepMs, httpPort);
    source = f.source;
    if (!f.bytes) early = f;
    else {
      const r = configsFromBytes(f.bytes, f.source, f.steps, gateway);
      if (!r.configs) early = r;
      else configs = r.configs;
    }
  }

  const config = configs?.[0];
  const needsPassword = config !== undefined && (config.authMethod === 0 || config.authMethod === 1);
  // On a terminal, ask (without echo) rather than fail.
  if (needsPassword && password === undefined && process.stdin.isTTY) password = await readPassword();
  if (config && needsPassword && password === undefined) {
    const how = config.authMethod === 0 ? 'username and password' : 'password';
    throw new UsageError(
      `${source} asks for ${how} authentication (authMethod ${config.authMethod}): give --username and --password - (standard input or a prompt; or VPNPHONE_PASSWORD)`,
    );
  }
  const { model, why: modelWhy } = emulatedModel(o.model, config);
  if (!config) {
    const facts = { model: { name: model.model, why: modelWhy } };
    const result = { steps: early.steps, findings: early.findings, facts, ok: false, log: '' };
    return finish(o, format, password, single(result, source));
  }
  const ac = new AbortController();
  const onSigint = () => ac.abort();
  process.on('SIGINT', onSigint);
  const options: Omit<ProbeOptions, 'config'> = {
    model,
    modelWhy,
    ...(o.tlsCiphers ? { tlsCiphers: o.tlsCiphers.split(':').filter(Boolean) } : {}),
    ...(o.dtlsCiphers ? { dtlsCiphers: o.dtlsCiphers.split(':').filter(Boolean) } : {}),
    ...(certPem && keyPem ? { certPem, keyPem } : {}),
    ...(o.username !== undefined ? { username: o.username } : {}),
    ...(password !== undefined ? { password } : {}),
    login: o.login,
    ...(o.autoDetect
      ? {
          autoDetect: o.autoDetect,
          pingTimeoutMs: seconds('--auto-detect-timeout', o.autoDetectTimeout, 60) * 1000,
        }
      : {}),
    ...(o.dnsServer ? { dnsServer: o.dnsServer } : {}),
    dnsTimeoutMs: dnsMs,
    stepTimeoutMs: stepMs,
    dtlsTimeoutMs: dtlsMs,
    ...(o.ping ? { pingTarget: o.ping } : {}),
    ...(hold ? { holdSeconds: hold } : {}),
    signal: ac.signal,
    progress: (line) => process.stderr.write(`vpnphone: ${redactPassword(redactSecrets(line), password)}\n`),
  };
  const verbose = o.verbose
    ? {
        onStep: (st: StepResult) =>
          process.stderr.write(
            `vpnphone: ${st.step} ${st.status}${st.ms !== undefined ? ` (${st.ms} ms)` : ''}: ${redactPassword(redactSecrets(st.detail), password)}\n`,
          ),
      }
    : {};
  try {
    if (!mode) {
      const r = await runProbe({ ...options, config, ...verbose });
      return finish(o, format, password, single(r, source));
    }
    const all = configs!.map((c, i) => ({ ...c, gateway: c.gateway ?? i + 1 }));
    const g = await runGateways(all, mode, { ...options, ...verbose });
    return finish(o, format, password, several(g, source));
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** What one run (or several gateways' runs) gives to write: the phone log, the verdict, the report in each format. */
interface ProbeOutput {
  log: string;
  ok: boolean;
  json(): unknown;
  html(): string;
  text(): string;
}

const single = (r: ProbeResult, source: string): ProbeOutput => ({
  log: r.log,
  ok: r.ok,
  json: () => probeReport(r, source),
  html: () => probeHtml(r, source),
  text: () => renderProbeText(r, source),
});

const several = (g: GatewaysResult, source: string): ProbeOutput => ({
  log: g.log,
  ok: g.ok,
  json: () => gatewaysReport(g, source),
  html: () => gatewaysHtml(g, source),
  text: () => renderGatewaysText(g, source),
});

/** Writes the phone log and the report; the exit status. */
function finish(o: ProbeOpts, format: string, password: string | undefined, r: ProbeOutput): number {
  // The phone-style log is an output too: what the headend echoed goes through the same hiding.
  if (o.log) writeFile(o.log, redactPassword(redactSecrets(r.log), password));
  // The output edge: secrets from the configuration or the headend's answers are redacted (../../report/redact.ts).
  const out =
    format === 'json'
      ? `${JSON.stringify(redactDeep(r.json()), null, 2)}\n`
      : format === 'html'
        ? r.html()
        : redactSecrets(r.text());
  writeOutput(redactPassword(out, password), o.output);
  return r.ok ? 0 : 1;
}
