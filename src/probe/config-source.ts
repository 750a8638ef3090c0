// Where the probe's phone configuration comes from: a file, TFTP like a phone (HTTP 6970 as fallback), or a URL.
import { get as httpGet } from 'node:http';
import { type ParsedPhoneConfig, parsePhoneConfig, phoneConfigFileName } from '../cucm/phone-config.js';
import { type Finding, finding } from '../report/finding.js';
import { tftpGet } from '../tftp/client.js';
import type { ConfigSource, StepResult } from './run.js';

function errText(e: unknown): string {
  return (e as Error)?.message ?? String(e);
}

/** `HOST[:PORT]` (IPv6 in brackets) with a default port. */
export function splitHostPort(s: string, defaultPort: number): { host: string; port: number } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(s) ?? /^([^:]+)(?::(\d+))?$/.exec(s);
  if (!m) throw new Error(`not HOST[:PORT]: ${s}`);
  const port = m[2] ? Number(m[2]) : defaultPort;
  if (!(port > 0 && port < 65536)) throw new Error(`bad port in ${s}`);
  return { host: m[1]!, port };
}

/** A plain GET of `http://host:6970/<file>` (CUCM's TFTP-over-HTTP port), bounded by `ms`. */
export function httpFetch(host: string, port: number, file: string, ms: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = httpGet({ host, port, path: `/${file}`, timeout: ms }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`HTTP ${res.statusCode} for http://${host}:${port}/${file}`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > 4 << 20) req.destroy(new Error('configuration file larger than 4 MiB'));
        else chunks.push(c);
      });
      res.on('end', () => resolve(Buffer.concat(chunks)));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no HTTP answer within ${ms} ms`)));
    req.on('error', reject);
  });
}

export interface FetchedConfig {
  bytes: Buffer | undefined;
  source: string;
  steps: StepResult[];
  findings: Finding[];
}

/** Reads SEP<MAC>.cnf.xml like a phone: TFTP first, then HTTP on port 6970. */
export async function fetchPhoneConfig(
  tftp: string,
  mac: string,
  ms: number,
  httpPort = 6970,
): Promise<FetchedConfig> {
  const { host, port } = splitHostPort(tftp, 69);
  const file = phoneConfigFileName(mac);
  const t0 = performance.now();
  const elapsed = () => Math.round(performance.now() - t0);
  try {
    const r = await tftpGet(host, port, file, {
      timeoutMs: Math.max(500, Math.floor(ms / 4)),
      retries: 3,
      blksize: 1428,
      tsize: true,
    });
    return {
      bytes: r.data,
      source: `tftp://${host}:${port}/${file}`,
      steps: [
        {
          step: 'tftp',
          status: 'passed',
          ms: elapsed(),
          detail: `TFTP ${file} from ${host}:${port}, ${r.data.length} bytes`,
        },
      ],
      findings: [],
    };
  } catch (tftpErr) {
    try {
      const data = await httpFetch(host, httpPort, file, ms);
      return {
        bytes: data,
        source: `http://${host}:${httpPort}/${file}`,
        steps: [
          {
            step: 'tftp',
            status: 'passed',
            ms: elapsed(),
            detail: `TFTP failed (${errText(tftpErr)}); HTTP ${httpPort} fallback: ${data.length} bytes`,
          },
        ],
        findings: [],
      };
    } catch (httpErr) {
      const detail = `${file}: TFTP: ${errText(tftpErr)}; HTTP ${httpPort}: ${errText(httpErr)}`;
      return {
        bytes: undefined,
        source: `tftp://${host}:${port}/${file}`,
        steps: [{ step: 'tftp', status: 'failed', ms: elapsed(), detail }],
        findings: [
          finding('probe-step-failed', {
            message: `The probe's tftp step failed: could not read ${file} from ${host} by TFTP or HTTP ${httpPort}. ${detail}`,
            evidence: [{ source: 'probe', text: `tftp: ${detail}` }],
          }),
        ],
      };
    }
  }
}

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
    findings: [
      finding('probe-step-failed', {
        message: `The probe's config step failed: ${detail}`,
        evidence: [{ source, text: detail }],
      }),
    ],
  });
  try {
    parsed = parsePhoneConfig(bytes);
  } catch (e) {
    return failed(`${source}: ${errText(e)}`);
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
    },
    steps: [...earlier, step],
    findings: [],
  };
}
