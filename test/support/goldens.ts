// The command lines whose output is kept as a golden under test/golden/cli/, and how each is run.
// Shared by test/golden.test.ts (compares) and scripts/update-goldens.mjs (rewrites, only when asked).
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The date and year every golden run is pinned to, so the output does not follow the wall clock. */
export const GOLDEN_NOW = '2026-11-27';
export const GOLDEN_YEAR = '2020';

export interface GoldenCase {
  /** The golden's file name under test/golden/cli/, e.g. `audit-pool-typo.json`. */
  file: string;
  /** Arguments after `vpnphone`; paths relative to the repository root. */
  args: string[];
}

export interface GoldenRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export const GOLDEN_DIR = 'test/golden/cli';
/** Exit status and standard error of every golden command line, beside the outputs. */
export const GOLDEN_STATUS_FILE = 'test/golden/cli/status.json';

function exampleCases(root: string, folder: string): string[] {
  const dir = join(root, folder);
  return readdirSync(dir)
    .filter((n) => statSync(join(dir, n)).isDirectory())
    .sort();
}

function textAndJson(name: string, args: string[]): GoldenCase[] {
  return [
    { file: `${name}.txt`, args },
    { file: `${name}.json`, args: [...args, '--json'] },
  ];
}

/**
 * Every example case through every command that takes it: `audit` on examples/audit/*, `diagnose` and
 * `doctor` (also with --timeline) on examples/doctor/*, and the lab and branch-office deployments.
 * A new example folder needs its golden (the test fails until `npm run goldens` writes it).
 */
export function goldenCases(root: string): GoldenCase[] {
  const now = ['--now', GOLDEN_NOW];
  const year = ['--year', GOLDEN_YEAR];
  const cases: GoldenCase[] = [];
  for (const c of exampleCases(root, 'examples/audit'))
    cases.push(...textAndJson(`audit-${c}`, ['audit', ...now, `examples/audit/${c}`]));
  cases.push(
    ...textAndJson('audit-lab-with-deployment', [
      'audit',
      ...now,
      '-d',
      'examples/lab/deployment.yaml',
      'examples/audit/lab',
    ]),
    ...textAndJson('audit-deployment-lab', ['audit', ...now, 'examples/lab']),
    ...textAndJson('audit-deployment-branch-office', ['audit', ...now, 'examples/branch-office']),
    {
      file: 'audit-pool-typo.sarif.json',
      args: ['audit', ...now, '--format', 'sarif', 'examples/audit/pool-typo'],
    },
  );
  for (const c of exampleCases(root, 'examples/doctor')) {
    const dir = `examples/doctor/${c}`;
    cases.push(
      ...textAndJson(`diagnose-${c}`, ['diagnose', ...year, dir]),
      ...textAndJson(`doctor-${c}`, ['doctor', ...now, ...year, dir]),
      ...textAndJson(`doctor-${c}-timeline`, ['doctor', ...now, ...year, '--timeline', dir]),
    );
  }
  cases.push(
    ...textAndJson('diagnose-vpn-not-started-tftp-with-deployment', [
      'diagnose',
      ...year,
      '-d',
      'examples/doctor/vpn-not-started-tftp/deployment.yaml',
      'examples/doctor/vpn-not-started-tftp/phone-console.log',
    ]),
    ...textAndJson('doctor-lab-with-deployment', [
      'doctor',
      ...now,
      ...year,
      '-d',
      'examples/lab/deployment.yaml',
      'examples/doctor/lab',
    ]),
    ...textAndJson('doctor-deployment-branch-office', ['doctor', ...now, ...year, 'examples/branch-office']),
    {
      file: 'diagnose-ec-cipher.sarif.json',
      args: ['diagnose', ...year, '--format', 'sarif', 'examples/doctor/ec-cipher'],
    },
    {
      file: 'doctor-dtls-cipher-mismatch.sarif.json',
      args: ['doctor', ...now, ...year, '--format', 'sarif', 'examples/doctor/dtls-cipher-mismatch'],
    },
  );
  return cases;
}

/** Runs `vpnphone ARGS` (the built bin) from the repository root; empty standard input. */
export function runGolden(root: string, args: readonly string[]): Promise<GoldenRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/vpnphone.js'), ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      // The output must not depend on the machine's time zone or locale.
      env: { ...process.env, TZ: 'UTC', LANG: 'C', LC_ALL: 'C' },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({
        status,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** Runs every case, at most `parallel` at a time, keeping the cases' order in the result. */
export async function runGoldens(
  root: string,
  cases: readonly GoldenCase[],
  parallel = 2,
): Promise<GoldenRun[]> {
  const results: GoldenRun[] = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      results[i] = await runGolden(root, cases[i]!.args);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, cases.length) }, worker));
  return results;
}
