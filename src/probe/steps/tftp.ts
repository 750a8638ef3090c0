// Step tftp: the phone's configuration file read like a phone, by TFTP, then HTTP on port 6970.
import { get as httpGet } from 'node:http';
import { probeFinding } from '../../checks/probe/findings.js';
import { phoneConfigFileName } from '../../cucm/phone-config.js';
import type { Finding } from '../../report/finding.js';
import { tftpGet } from '../../tftp/client.js';
import { errText } from '../errors.js';
import type { StepResult } from '../types.js';

/** `HOST[:PORT]` (IPv6 in brackets) with a default port. */
export function splitHostPort(s: string, defaultPort: number): { host: string; port: number } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(s) ?? /^([^:]+)(?::(\d+))?$/.exec(s);
  if (!m) throw new Error(`not HOST[:PORT]: ${s}`);
  const port = m[2] ? Number(m[2]) : defaultPort;
  if (!(port > 0 && port < 65536)) throw new Error(`bad port in ${s}`);
  return { host: m[1]!, port };
}

/** A phone configuration is a few KB; anything past this is not one (TFTP and HTTP alike). */
export const MAX_CONFIG_BYTES = 4 << 20;

/** A plain GET of `http://host:6970/<file>` (CUCM's TFTP-over-HTTP port), bounded by `ms` in all. */
export function httpFetch(host: string, port: number, file: string, ms: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // `timeout` below is per idle gap; a server sending one byte a second would never hit it.
    const deadline = setTimeout(() => req.destroy(new Error(`HTTP answer not complete within ${ms} ms`)), ms);
    const done =
      <T>(f: (v: T) => void) =>
      (v: T) => {
        clearTimeout(deadline);
        f(v);
      };
    resolve = done(resolve);
    reject = done(reject);
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
        if (size > MAX_CONFIG_BYTES) req.destroy(new Error('configuration file larger than 4 MiB'));
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
      maxBytes: MAX_CONFIG_BYTES,
      deadlineMs: ms,
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
            detail: `TFTP failed (${message(tftpErr)}); HTTP ${httpPort} fallback: ${data.length} bytes`,
          },
        ],
        findings: [],
      };
    } catch (httpErr) {
      const detail = `${file}: TFTP: ${message(tftpErr)}; HTTP ${httpPort}: ${message(httpErr)}`;
      return {
        bytes: undefined,
        source: `tftp://${host}:${port}/${file}`,
        steps: [{ step: 'tftp', status: 'failed', ms: elapsed(), detail }],
        findings: [probeFinding({ kind: 'tftp-unreadable', file, host, httpPort, detail })],
      };
    }
  }
}

/** The message alone: TFTP and HTTP errors name their cause in it (errText would add `(ECONNREFUSED)`). */
function message(e: unknown): string {
  return (e as Error)?.message ?? errText(e);
}
