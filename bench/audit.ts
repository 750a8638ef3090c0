// Benchmark: audit a generated 50,000-line ASA running configuration, against reading+splitting the same file.
// Each measurement runs in a child process so its peak memory (maxRSS) is its own.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAudit } from '../src/checks/audit.js';

const LINES = 50_000;

/** A large, realistic running configuration: interfaces, objects, ACLs, pools, group policies, tunnel groups. */
export function generateLargeConfig(lines = LINES): string {
  const out: string[] = [
    ': Saved',
    ':',
    ': Hardware:   ASA5555, 16384 MB RAM',
    ':',
    'ASA Version 9.16(4)',
    '!',
    'hostname bench-asa',
  ];
  out.push(
    'interface GigabitEthernet0/0',
    ' nameif outside',
    ' security-level 0',
    ' ip address 203.0.113.10 255.255.255.0',
    '!',
  );
  let i = 0;
  while (out.length < lines * 0.15) {
    i++;
    out.push(
      `interface GigabitEthernet0/1.${i}`,
      ` vlan ${i}`,
      ` nameif dmz${i}`,
      ' security-level 50',
      ` ip address 10.${(i >> 8) & 255}.${i & 255}.1 255.255.255.0`,
      '!',
    );
  }
  for (let j = 0; out.length < lines * 0.3; j++)
    out.push(`object network host-${j}`, ` host 10.200.${(j >> 8) & 255}.${j & 255}`);
  for (let j = 0; j < 400; j++)
    out.push(
      `ip local pool pool-${j} 10.${100 + (j % 100)}.${j % 250}.1-10.${100 + (j % 100)}.${j % 250}.254 mask 255.255.255.0`,
    );
  for (let j = 0; j < 400; j++)
    out.push(
      `group-policy gp-${j} internal`,
      `group-policy gp-${j} attributes`,
      ' split-tunnel-policy tunnelall',
      ' vpn-tunnel-protocol ssl-client ikev2',
    );
  out.push('webvpn', ' enable outside', ' anyconnect enable', ' tunnel-group-list enable');
  for (let j = 0; j < 400; j++)
    out.push(
      `tunnel-group tg-${j} type remote-access`,
      `tunnel-group tg-${j} general-attributes`,
      ` address-pool pool-${j}`,
      ` default-group-policy gp-${j}`,
      `tunnel-group tg-${j} webvpn-attributes`,
      ' authentication aaa',
      ` group-url https://vpn.example.com/tg${j} enable`,
    );
  out.push(
    'ssl trust-point vpn-identity outside',
    'crypto ca trustpoint vpn-identity',
    ' enrollment self',
    ' subject-name CN=vpn.example.com',
  );
  for (let j = 0; out.length < lines - 2; j++)
    out.push(
      `access-list acl-${j % 50} extended permit tcp object host-${j % 1000} any eq ${1024 + (j % 60000)}`,
    );
  out.push('prompt hostname context', ': end');
  return `${out.join('\n')}\n`;
}

interface Measure {
  ms: number;
  maxRssMb: number;
  wallMs: number;
  detail: string;
}

function child(mode: 'baseline' | 'audit', file: string): Measure {
  const self = fileURLToPath(import.meta.url);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [self, '--child', mode, file], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${mode} child failed: ${r.stderr}`);
  const m = JSON.parse(r.stdout) as Omit<Measure, 'wallMs'>;
  return { ...m, wallMs };
}

function childMain(mode: string, file: string): void {
  const t0 = process.hrtime.bigint();
  const bytes = readFileSync(file);
  let detail: string;
  if (mode === 'baseline') {
    const lines = bytes.toString('utf8').split(/\r\n|\n|\r/);
    detail = `${lines.length} lines`;
  } else {
    const report = runAudit([{ source: file, bytes: new Uint8Array(bytes) }], {
      now: new Date('2026-11-27T00:00:00Z'),
    });
    detail = `${report.inputs[0]?.kind}, ${report.findings.length} findings`;
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  if (mode === 'audit') {
    // Once the code is compiled (a long-running process, or the next file), the same audit costs this much.
    const t1 = process.hrtime.bigint();
    for (let i = 0; i < 3; i++) runAudit([{ source: file, bytes: new Uint8Array(bytes) }]);
    detail += `; warm: ${(Number(process.hrtime.bigint() - t1) / 3e6).toFixed(0)} ms per audit`;
  }
  process.stdout.write(JSON.stringify({ ms, maxRssMb, detail }));
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vpnphone-bench-'));
  try {
    const file = join(dir, 'running-config.txt');
    const text = generateLargeConfig();
    writeFileSync(file, text);
    const lines = text.split('\n').length - 1;
    console.log(
      `audit of a generated running configuration: ${lines} lines, ${(text.length / 1024 / 1024).toFixed(1)} MB`,
    );
    const base = child('baseline', file);
    const audit = child('audit', file);
    const row = (name: string, m: Measure) =>
      `  ${name.padEnd(22)} ${m.ms.toFixed(0).padStart(6)} ms work ${m.wallMs.toFixed(0).padStart(6)} ms with node start  peak RSS ${m.maxRssMb.toFixed(0).padStart(4)} MB  (${m.detail})`;
    console.log(row('baseline: read+split', base));
    console.log(row('vpnphone audit', audit));
    console.log(
      `  audit costs ${(audit.ms / Math.max(base.ms, 0.001)).toFixed(1)}x the baseline time, +${(audit.maxRssMb - base.maxRssMb).toFixed(0)} MB; target < 1000 ms and < 200 MB: ${audit.ms < 1000 && audit.maxRssMb < 200 ? 'met' : 'NOT met'}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') childMain(process.argv[3] ?? '', process.argv[4] ?? '');
