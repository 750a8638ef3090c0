// The fuzz targets: one per parser and input kind, each with its seed inputs (examples and test fixtures)
// and the properties it checks beyond "nothing thrown but the project's own input errors".
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseRunningConfig } from '../src/asa/running-config.js';
import {
  parseShowCryptoCaCertificates,
  parseShowIp,
  parseShowSsl,
  parseShowVersion,
  parseShowVpnSessiondb,
} from '../src/asa/show.js';
import { parseConfigTree } from '../src/asa/tree.js';
import { runAudit } from '../src/checks/audit.js';
import { crashesIn } from '../src/checks/crash.js';
import { LogDiagnosis } from '../src/checks/log/engine.js';
import { collectLogs } from '../src/cli/collect.js';
import { parseAxlResponse } from '../src/cucm/axl.js';
import { PhoneConfigParseError, parsePhoneConfig } from '../src/cucm/phone-config.js';
import type { Report } from '../src/findings/finding.js';
import { splitCapture } from '../src/inputs/capture.js';
import { classify } from '../src/inputs/classify.js';
import { loadDeployment, parseDeployment } from '../src/model/load.js';
import {
  CertificateParseError,
  certInfoFromDer,
  readCertificates,
  splitCertificates,
} from '../src/pki/cert.js';
import { redactSecrets } from '../src/report/redact.js';
import { render } from '../src/report/render.js';
import { zipOf } from '../test/support/zip.js';
import { logPathsDiffer } from './log-paths.js';

/** A property the input broke (the harness reports it as a failure, with this message). */
export class PropertyFailure extends Error {
  override name = 'PropertyFailure';
}

export interface Seed {
  name: string;
  bytes: Buffer;
}

export interface Target {
  name: string;
  /** What it runs, for the listing. */
  what: string;
  seeds: (root: string) => Seed[];
  run: (input: Buffer) => void | Promise<void>;
  /** The project's own input errors: thrown for bad input, by design. */
  expected?: (e: unknown) => boolean;
  /** How many times `run` reads the whole input (the time limit per MB scales with it). */
  passes?: number;
  /** Time allowed whatever the size (ms), when not the harness's default. */
  baseMs?: number;
}

function files(root: string, dirs: readonly string[], test: (name: string) => boolean): Seed[] {
  const out: Seed[] = [];
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (test(n) && statSync(p).size <= 4 * 1024 * 1024)
        out.push({ name: p.slice(root.length + 1), bytes: readFileSync(p) });
    }
  };
  for (const d of dirs) walk(join(root, d));
  return out;
}

const SOURCES = [
  'examples',
  'test/fixtures/asa',
  'test/fixtures/logs',
  'test/fixtures/fuzz',
  'test/fixtures/axl',
  'test/fixtures/deployments',
  'test/fixtures/deployments-bad',
];

const NOW = new Date(Date.UTC(2020, 5, 1));

/** The whole audit of one input: classified, parsed, checked, rendered. No check may throw. */
function audit(name: string, input: Buffer): void {
  const report = runAudit([{ source: name, bytes: input }], {
    now: NOW,
    readFileFor: () => () => {
      throw Object.assign(new Error('not read while fuzzing'), { code: 'ENOENT' });
    },
  });
  rendered(report);
}

function rendered(report: Report): void {
  const crashed = crashesIn(report.notChecked);
  if (crashed.length > 0)
    throw new PropertyFailure(`a check threw: ${crashed.map((c) => c.reason).join('; ')}`);
  for (const f of ['text', 'json', 'sarif'] as const) render(report, f);
}

const latin1 = (b: Buffer) => b.toString('latin1');
const utf8 = (b: Buffer) => b.toString('utf8');

/** A minimal ustar archive of `members` (names under 100 bytes). */
function tarOf(members: readonly Seed[]): Buffer {
  const parts: Buffer[] = [];
  for (const m of members) {
    const h = Buffer.alloc(512);
    h.write(m.name.slice(-99), 0, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${m.bytes.length.toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    parts.push(h, m.bytes, Buffer.alloc((512 - (m.bytes.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

let archiveDir: string | undefined;
/** A folder for archive inputs, removed when the process ends. */
function scratch(): string {
  if (!archiveDir) {
    const dir = mkdtempSync(join(tmpdir(), 'vpnphone-fuzz-'));
    archiveDir = dir;
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return archiveDir;
}
let archiveCount = 0;

export const TARGETS: readonly Target[] = [
  {
    name: 'classifier',
    what: 'classify() on any input',
    seeds: (root) => files(root, SOURCES, (n) => !n.endsWith('.md')),
    run: (input) => {
      classify('input', input);
    },
  },
  {
    name: 'running-config',
    what: 'parseConfigTree, parseRunningConfig, the audit',
    seeds: (root) => files(root, SOURCES, (n) => /running-config|config\.txt|lab-config|deep-indent/.test(n)),
    run: (input) => {
      const text = utf8(input);
      parseConfigTree(text);
      parseRunningConfig(text);
      audit('running-config.txt', input);
    },
    passes: 3,
  },
  {
    name: 'show',
    what: 'show version / ip / crypto ca certificates / vpn-sessiondb / ssl, captures, the audit',
    seeds: (root) => files(root, SOURCES, (n) => /show|sessiondb|capture|version/.test(n)),
    run: (input) => {
      const text = utf8(input);
      parseShowVersion(text);
      parseShowIp(text);
      parseShowCryptoCaCertificates(text);
      parseShowVpnSessiondb(text);
      parseShowSsl(text);
      splitCapture(text);
      audit('show.txt', input);
    },
    passes: 7,
  },
  {
    name: 'phone-config',
    what: 'parsePhoneConfig on .cnf.xml and .sgn (signed header before the XML), the audit',
    seeds: (root) => {
      const xml = files(root, SOURCES, (n) => n.endsWith('.cnf.xml'));
      // A signed file: a binary header (lengths, a signer name, a signature) before the same XML.
      const header = Buffer.concat([
        Buffer.from([1, 2, 0, 0x3a, 3, 0, 0x24]),
        Buffer.from('CAPF-1234\0'),
        Buffer.alloc(64, 0xa5),
      ]);
      return [
        ...xml,
        ...xml.map((s) => ({ name: `${s.name}.sgn`, bytes: Buffer.concat([header, s.bytes]) })),
      ];
    },
    run: (input) => {
      try {
        parsePhoneConfig(input);
      } catch (e) {
        if (!(e instanceof PhoneConfigParseError)) throw e;
      }
      audit('SEP000000000000.cnf.xml', input);
    },
    passes: 3,
  },
  {
    name: 'certificate',
    what: 'readCertificates on PEM and DER, each certificate decoded, the audit',
    seeds: (root) => {
      const pem = files(root, SOURCES, (n) => /\.(pem|crt|cer)$/.test(n) && !n.includes('key'));
      const der = pem.flatMap((s) => {
        try {
          return splitCertificates(s.bytes).map((d, i) => ({
            name: `${s.name}.${i}.der`,
            bytes: Buffer.from(d),
          }));
        } catch {
          return [];
        }
      });
      return [...pem, ...der];
    },
    run: (input) => {
      try {
        readCertificates(input);
      } catch (e) {
        if (!(e instanceof CertificateParseError)) throw e;
      }
      let parts: Uint8Array[] = [];
      try {
        parts = splitCertificates(input);
      } catch (e) {
        if (!(e instanceof CertificateParseError)) throw e;
      }
      for (const der of parts.slice(0, 50)) {
        try {
          certInfoFromDer(der);
        } catch (e) {
          if (!(e instanceof CertificateParseError)) throw e;
        }
      }
      audit('headend.pem', input);
    },
    passes: 4,
  },
  {
    name: 'axl',
    what: 'parseAxlResponse on getVpnGateway / getVpnProfile / getVpnGroup answers, the audit',
    seeds: (root) => files(root, SOURCES, (n) => /^get-vpn-.*\.xml$/.test(n)),
    run: (input) => {
      parseAxlResponse(utf8(input));
      audit('axl.xml', input);
    },
    passes: 3,
  },
  {
    name: 'deployment',
    what: 'parseDeployment and loadDeployment (certificates refused), the audit',
    seeds: (root) => files(root, SOURCES, (n) => /\.ya?ml$/.test(n)),
    run: (input) => {
      const text = utf8(input);
      parseDeployment(text, 'deployment.yaml');
      loadDeployment(text, 'deployment.yaml', () => {
        throw Object.assign(new Error('not read while fuzzing'), { code: 'ENOENT' });
      });
      audit('deployment.yaml', input);
    },
    passes: 4,
    // The YAML library's time follows entries, not bytes (a line of `a0:` costs as much as a long one), and
    // MAX_YAML_ENTRIES bounds them before parsing: at most about a second whatever the size.
    baseMs: 1500,
  },
  {
    name: 'log',
    what: 'the log parser fed every line against the scanner fast path (equal), the log checks, the report',
    seeds: (root) => files(root, SOURCES, (n) => /\.log$/.test(n)),
    run: (input) => {
      const text = latin1(input);
      const diff = logPathsDiffer(text, { fullLines: [0, 5000], chunks: [65536, 97] });
      if (diff) throw new PropertyFailure(`fast path differs: ${diff}`);
      const diag = new LogDiagnosis({ latin1: true, now: NOW.getTime(), timeline: true });
      const feed = diag.openSource('phone.log');
      feed.write(text);
      feed.end();
      rendered({ inputs: [], findings: diag.findings(), notChecked: diag.notChecked() });
    },
    passes: 12,
  },
  {
    name: 'archive',
    what: 'the input reader on gzip, tar, tar.gz and zip archives (then the log checks), as diagnose reads them',
    seeds: (root) => {
      const logs = files(root, ['examples/doctor/lab', 'test/fixtures/logs'], (n) =>
        /\.(log|txt|xml)$/.test(n),
      ).map((s) => ({
        name: basename(s.name),
        bytes: s.bytes,
      }));
      const some = logs.slice(0, 4);
      return [
        ...files(root, SOURCES, (n) => /\.(gz|tgz|tar|zip)$/.test(n)),
        { name: 'logs.tar', bytes: tarOf(some) },
        { name: 'logs.tar.gz', bytes: gzipSync(tarOf(some)) },
        { name: 'phone.log.gz', bytes: gzipSync(some[0]?.bytes ?? Buffer.from('x\n')) },
        { name: 'logs.zip', bytes: zipOf(some.map((s) => ({ name: s.name, data: s.bytes }))) },
        { name: 'nested.zip', bytes: zipOf([{ name: 'prt.tar.gz', data: gzipSync(tarOf(some)) }]) },
      ];
    },
    run: async (input) => {
      const file = join(scratch(), `input-${archiveCount++ % 4}`);
      writeFileSync(file, input);
      const r = await collectLogs([file], { now: NOW.getTime(), configs: () => {} });
      rendered({ inputs: r.inputs, findings: r.findings, notChecked: r.notChecked });
    },
    passes: 3,
    // A small archive may inflate to a few MiB per member before the ratio limit refuses it.
    baseMs: 1500,
  },
  {
    name: 'redaction',
    what: 'redactSecrets is idempotent: redacting a redacted text changes nothing',
    seeds: (root) => files(root, SOURCES, (n) => !/\.(gz|tgz|tar|zip|der)$/.test(n) && !n.endsWith('.md')),
    run: (input) => {
      const once = redactSecrets(utf8(input));
      const twice = redactSecrets(once);
      if (twice !== once) {
        let i = 0;
        while (i < once.length && once[i] === twice[i]) i++;
        throw new PropertyFailure(
          `not idempotent at ${i}: once ${JSON.stringify(once.slice(Math.max(0, i - 40), i + 40))}, twice ${JSON.stringify(twice.slice(Math.max(0, i - 40), i + 40))}`,
        );
      }
    },
    passes: 2,
  },
];
