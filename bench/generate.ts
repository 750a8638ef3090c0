// Benchmark: `vpnphone generate phone-config --all --out-dir` for a site of 1,000 phones and two headends,
// in one process as a user runs it (start-up, deployment load, every file written). Target: well under 2 s.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PHONES = 1000;
/** Loaded before the CLI: prints the process's own CPU time at exit (wall time depends on the machine's load). */
const CPU_HOOK = `data:text/javascript,${encodeURIComponent(
  "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('bench-cpu-ms ' + (u.user + u.system) / 1000 + '\\n'); });",
)}`;
const ROUNDS = 3;

/** dist/bench/generate.js → the repository root. */
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The two-headend branch office with PHONES phones. */
function makeDeployment(dir: string): string {
  cpSync(join(repoRoot, 'examples', 'branch-office'), dir, { recursive: true });
  const path = join(dir, 'deployment.yaml');
  const text = readFileSync(path, 'utf8');
  const head = text.slice(0, text.indexOf('\nphones:'));
  const phones = Array.from(
    { length: PHONES },
    (_, i) =>
      `  - mac: 00AC${i.toString(16).toUpperCase().padStart(8, '0')}\n    model: "8845"\n    tftp: 10.20.0.5\n`,
  );
  writeFileSync(path, `${head}\nphones:\n${phones.join('')}`);
  return path;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vpnphone-bench-generate-'));
  try {
    const deployment = makeDeployment(join(dir, 'site'));
    const times: number[] = [];
    const cpu: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const out = join(dir, `out${r}`);
      const t0 = process.hrtime.bigint();
      const p = spawnSync(
        process.execPath,
        [
          '--import',
          CPU_HOOK,
          join(repoRoot, 'bin', 'vpnphone.js'),
          'generate',
          'phone-config',
          '-d',
          deployment,
          '--all',
          '--out-dir',
          out,
        ],
        { encoding: 'utf8' },
      );
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (p.status !== 0) throw new Error(`generate phone-config --all exited ${p.status}: ${p.stderr}`);
      const n = readdirSync(out).length;
      if (n !== PHONES) throw new Error(`${n} files written, expected ${PHONES}`);
      times.push(ms);
      cpu.push(Number(/bench-cpu-ms (\S+)/.exec(p.stderr)?.[1] ?? Number.NaN));
    }
    const best = Math.min(...times);
    console.log(
      `  generate phone-config --all, ${PHONES} phones: ${times.map((t) => `${t.toFixed(0)} ms`).join(', ')} wall, ${cpu.map((t) => `${t.toFixed(0)} ms`).join(', ')} CPU (one process each; load average ${loadavg()[0]?.toFixed(1)}); target < 2000 ms: ${best < 2000 ? 'met' : 'NOT met'}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
