// Benchmark: `audit`, `diagnose` and `doctor` on every input that once broke vpnphone (test/fixtures/fuzz, and
// the large ones regenerated here in the shape they were found), each run timed: wall and CPU seconds, exit
// status, peak memory, whether standard error shows a stack trace, whether a password of the input is printed.
// Target: under 1 s of CPU each, exit 0, 1 or 2, no stack trace, no password.
// `npm run bench -- fuzz-inputs`; VPNPHONE_FUZZ_INPUTS=DIR times the files of another folder instead.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The large findings, regenerated (the repository keeps only the small ones). */
function generated(dir: string): string[] {
  const made: [string, string][] = [
    [
      'show-version-trailing-space-redos.txt',
      `Cisco Adaptive Security Appliance Software Version 9.12(2)9${' '.repeat(100_000)}\n`,
    ],
    ['sessiondb-letters-redos.txt', `Session Type: AnyConnect\n\nUsername     : ${'a'.repeat(100_000)}\n`],
    ['classify-tech-header-redos-256k.txt', `----- show x${'-'.repeat(262_000)}\n`],
    ['classify-tech-header-redos.txt', `----- show x${'-'.repeat(65_536)}\n`],
    [
      'asa-deep-indent-stack-overflow.txt',
      Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}x${i}`).join('\n'),
    ],
    [
      'axl-16000-gateways-quadratic.xml',
      `<?xml version="1.0"?>\n<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>\n<ns:listVpnGatewayResponse xmlns:ns="http://www.cisco.com/AXL/API/12.5"><return>\n${Array.from(
        { length: 16_000 },
        (_, i) => `<vpnGateway><name>gw${i}</name><url>https://gw${i}.example.com/phone</url></vpnGateway>`,
      ).join('\n')}\n</return></ns:listVpnGatewayResponse></soapenv:Body></soapenv:Envelope>\n`,
    ],
    [
      'scanner-wrap2-after-5000.log',
      Array.from(
        { length: 5000 },
        (_, i) => `${i + 1} INF Mar 27 11:00:00.000000 (1:1) JAVA-sipservice: 200 OK REGISTER\n`,
      ).join(''),
    ],
  ];
  return made.map(([name, text]) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  });
}

interface Row {
  file: string;
  command: string;
  wall: number;
  cpu: number;
  code: number | null;
  rssMb: number;
  stack: boolean;
  /** A password (or other secret) of the input found in the output. */
  leaked: boolean;
}

/** The secrets an input holds: values after password/secret/key words, and URL user-info passwords. */
function secretsOf(path: string): string[] {
  const st = statSync(path);
  if (st.isDirectory()) return readdirSync(path).flatMap((f) => secretsOf(join(path, f)));
  if (st.size > 4 * 1024 * 1024) return [];
  const text = readFileSync(path, 'latin1');
  const found = [
    ...text.matchAll(/\b(?:password|passwd|pwd|secret|key)\b["']?\s*[=:]?\s*["']?([^\s"'<>,;]{4,})/gi),
    ...text.matchAll(/\/\/[^\s:/@]+:([^\s@/]{4,})@/g),
  ].map((m) => m[1]!);
  // Words the tools print anyway (a key's kind, a redaction mark) are not secrets.
  return [...new Set(found)].filter((v) => !/^(?:\*+|<[^>]*>|rsa|ec|none|size|usage)$/i.test(v));
}

function timeOne(command: string, file: string, secrets: readonly string[]): Row {
  // /usr/bin/time gives the child's CPU and peak memory; without it, wall time only.
  const start = process.hrtime.bigint();
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', '%U %S %M', process.execPath, 'bin/vpnphone.js', command, '--json', file],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      timeout: 120_000,
    },
  );
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const last = (r.stderr ?? '').trim().split('\n').pop() ?? '';
  const [u, s, m] = last.split(' ').map(Number);
  const code = r.status === null ? null : r.status;
  return {
    file,
    command,
    wall,
    cpu: (u ?? Number.NaN) + (s ?? Number.NaN),
    code,
    rssMb: Math.round((m ?? 0) / 1024),
    stack: /\n\s+at /.test(r.stderr ?? '') || /internal error/.test(r.stderr ?? ''),
    leaked: secrets.some((p) => (r.stdout ?? '').includes(p) || (r.stderr ?? '').includes(p)),
  };
}

export async function run(): Promise<void> {
  const other = process.env.VPNPHONE_FUZZ_INPUTS;
  const tmp = mkdtempSync(join(tmpdir(), 'vpnphone-bench-fuzz-'));
  try {
    const dir = other ?? join(root, 'test/fixtures/fuzz');
    const files = readdirSync(dir)
      .filter((f) => !f.endsWith('.md') && !f.endsWith('.mjs'))
      .map((f) => join(dir, f));
    if (!other) {
      const made = generated(tmp);
      // The wrapped entry after 5,000 lines: the filler, then the short log.
      writeFileSync(made.at(-1)!, readFileSync(join(dir, 'scanner-wrap2-short.log')), { flag: 'a' });
      files.push(...made);
    }
    const rows: Row[] = [];
    const name = (r: Row) => r.file.slice(r.file.lastIndexOf('/') + 1);
    for (const f of files.sort()) {
      const secrets = secretsOf(f);
      for (const c of ['audit', 'diagnose', 'doctor']) {
        const r = timeOne(c, f, secrets);
        rows.push(r);
        console.log(
          `${name(r).padEnd(40)} ${c.padEnd(8)} exit ${r.code}  ${r.wall.toFixed(2)} s wall  ${r.cpu.toFixed(2)} s CPU  ${String(r.rssMb).padStart(4)} MB${r.stack ? '  STACK TRACE' : ''}${r.leaked ? '  PASSWORD PRINTED' : ''}`,
        );
      }
    }
    const over = rows.filter((r) => r.cpu >= 1);
    const bad = rows.filter((r) => r.stack || r.leaked || r.code === null || r.code > 2);
    const worst = rows.reduce((a, r) => (r.cpu > a.cpu ? r : a));
    const worstWall = rows.reduce((a, r) => (r.wall > a.wall ? r : a));
    console.log(
      `${rows.length} runs; worst CPU ${worst.cpu.toFixed(2)} s (${worst.command} ${name(worst)}); worst wall ${worstWall.wall.toFixed(2)} s (${worstWall.command} ${name(worstWall)}); ${over.length} at 1 s of CPU or more (target 0)  ${over.length === 0 ? 'OK' : 'OVER'}; ${bad.length} with a stack trace, a password printed or another exit (target 0)  ${bad.length === 0 ? 'OK' : 'BAD'}`,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
