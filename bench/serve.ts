// Benchmark: configuration files per second from `vpnphone serve` against tftpd-hpa serving the same files, same client,
// and a burst of concurrent read requests from one client to each.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadDeploymentFile } from '../src/cli/io.js';
import { phoneFilesFor } from '../src/serve/files.js';
import { tftpGet } from '../src/tftp/client.js';
import { serveArgs } from '../test/support/paths.js';
import { startTftpdHpa } from '../test/support/tftpd-hpa.js';
import type { ClientWorkerJob, ClientWorkerResult } from './support/tftp-client-worker.js';

const FILES = 2000;
const CLIENTS = 50;
const WARMUP = 200;
const ROUNDS = 2;
/** Read requests sent at once by one client process (issue 15: under 5% may need a retransmission). */
const BURST = 1000;
const BURST_ROUNDS = 3;

/** dist/bench/serve.js → the repository root. */
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A lab deployment with FILES phones (distinct MACs), so every fetch is a different file. */
function makeDeployment(dir: string): string {
  cpSync(join(repoRoot, 'examples', 'lab'), dir, { recursive: true });
  const path = join(dir, 'deployment.yaml');
  const text = readFileSync(path, 'utf8');
  const head = text.slice(0, text.indexOf('\nphones:'));
  const phones = Array.from(
    { length: FILES },
    (_, i) =>
      `  - mac: 00AB${i.toString(16).toUpperCase().padStart(8, '0')}\n    model: "8861"\n    certificate: MIC\n    tftp: 172.16.100.10\n`,
  );
  writeFileSync(path, `${head}\nphones:\n${phones.join('')}`);
  return path;
}

async function startVpnphone(deployment: string): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, serveArgs(deployment), { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('vpnphone serve did not start within 20 s'));
    }, 20_000);
    child.on('exit', (code) => reject(new Error(`vpnphone serve exited with ${code}`)));
    child.stdout!.on('data', (d: Buffer) => {
      // The access log is read and dropped, as a terminal or a log file would take it.
      if (buf === null) return;
      buf += d.toString();
      const line = buf.split('\n').find((l) => l.includes('"event":"listening"'));
      if (line) {
        clearTimeout(timer);
        buf = '';
        resolve({ port: JSON.parse(line).tftpPort, child });
      }
      if (buf.length > 1 << 20) buf = '';
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(t);
}

interface Round {
  /** Files fetched intact per second of the whole round. */
  rate: number;
  failed: number;
  firstFailure: string | undefined;
  retransmissions: number;
}

/** Fetches every file once with CLIENTS concurrent clients spread over worker threads. */
async function fetchAll(port: number, files: { name: string; size: number }[]): Promise<Round> {
  const threads = Math.max(1, Math.min(4, availableParallelism()));
  const workerUrl = new URL('./support/tftp-client-worker.js', import.meta.url);
  const workers = Array.from({ length: threads }, () => new Worker(workerUrl));
  try {
    const share = (t: number) => files.filter((_, i) => i % threads === t);
    const started = performance.now();
    const results = await Promise.all(
      workers.map(
        (w, t) =>
          new Promise<ClientWorkerResult>((resolve, reject) => {
            w.once('message', resolve);
            w.once('error', reject);
            const job: ClientWorkerJob = {
              port,
              files: share(t),
              concurrency: Math.ceil(CLIENTS / threads),
            };
            w.postMessage(job);
          }),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const fetched = results.reduce((n, r) => n + r.fetched, 0);
    return {
      rate: fetched / seconds,
      failed: files.length - fetched,
      firstFailure: results.flatMap((r) => r.failures)[0],
      retransmissions: results.reduce((n, r) => n + r.retransmissions, 0),
    };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

interface Burst {
  delivered: number;
  /** Transfers in which the client had to send a packet again (its request, mostly). */
  retransmitted: number;
  seconds: number;
  firstFailure: string | undefined;
}

/** BURST read requests at once from this process, each from its own socket, as a burst of phones would. */
async function burst(port: number, files: { name: string; size: number }[]): Promise<Burst> {
  const started = performance.now();
  const results = await Promise.all(
    files.slice(0, BURST).map((f) =>
      tftpGet('127.0.0.1', port, f.name, { timeoutMs: 1000, retries: 5 }).then(
        (r) => (r.data.length === f.size ? r.retransmissions : `${f.name}: ${r.data.length} bytes`),
        (e: unknown) => `${f.name}: ${(e as Error).message}`,
      ),
    ),
  );
  const ok = results.filter((r): r is number => typeof r === 'number');
  return {
    delivered: ok.length,
    retransmitted: ok.filter((n) => n > 0).length,
    seconds: (performance.now() - started) / 1000,
    firstFailure: results.find((r): r is string => typeof r === 'string'),
  };
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vpnphone-bench-serve-'));
  let vpnphone: ChildProcess | undefined;
  let tftpd: Awaited<ReturnType<typeof startTftpdHpa>> | undefined;
  try {
    const deployment = makeDeployment(join(dir, 'lab'));
    // tftpd-hpa gets the very same bytes, written by the same generator.
    const tftpRoot = join(dir, 'tftpboot');
    mkdirSync(tftpRoot);
    const generated = [...phoneFilesFor(loadDeploymentFile(deployment)).values()];
    for (const f of generated) writeFileSync(join(tftpRoot, f.name), f.data, { mode: 0o644 });
    chmodSync(tftpRoot, 0o755);
    const files = generated.map((f) => ({ name: f.name, size: f.data.length }));

    tftpd = await startTftpdHpa(tftpRoot);
    const served = await startVpnphone(deployment);
    vpnphone = served.child;

    await fetchAll(tftpd.port, files.slice(0, WARMUP));
    await fetchAll(served.port, files.slice(0, WARMUP));
    const rounds = { tftpd: [] as Round[], vpnphone: [] as Round[] };
    for (let round = 0; round < ROUNDS; round++) {
      rounds.tftpd.push(await fetchAll(tftpd.port, files));
      rounds.vpnphone.push(await fetchAll(served.port, files));
    }
    const best = (xs: Round[]) => Math.max(...xs.map((r) => r.rate));
    const ours = best(rounds.vpnphone);
    const theirs = best(rounds.tftpd);
    const fmt = (x: number) => x.toFixed(0).padStart(6);
    const detail = (xs: Round[]) =>
      `rounds: ${xs.map((r) => r.rate.toFixed(0)).join(', ')}; retransmissions: ${xs
        .map((r) => r.retransmissions)
        .join(', ')}; failed: ${xs.map((r) => r.failed).join(', ')}`;
    console.log(
      `${FILES} configuration files (${files[0]?.size ?? 0} bytes each), ${CLIENTS} parallel tftpGet clients, loopback, best of ${ROUNDS}`,
    );
    console.log(`  vpnphone serve  ${fmt(ours)} files/s   (${detail(rounds.vpnphone)})`);
    console.log(`  tftpd-hpa       ${fmt(theirs)} files/s   (${detail(rounds.tftpd)})`);
    console.log(`  ratio vpnphone/tftpd-hpa: ${(ours / theirs).toFixed(2)} (target >= 1.00)`);
    for (const [name, xs] of Object.entries(rounds)) {
      const f = xs.find((r) => r.firstFailure)?.firstFailure;
      if (f) console.log(`  first failure (${name}): ${f}`);
    }
    const bursts = { vpnphone: [] as Burst[], tftpd: [] as Burst[] };
    for (let round = 0; round < BURST_ROUNDS; round++) {
      bursts.tftpd.push(await burst(tftpd.port, files));
      bursts.vpnphone.push(await burst(served.port, files));
    }
    const pct = (b: Burst) => `${((100 * b.retransmitted) / BURST).toFixed(1)}%`;
    const burstLine = (xs: Burst[]) =>
      `delivered ${xs.map((b) => b.delivered).join(', ')}; needed a retransmission ${xs
        .map((b) => `${b.retransmitted} (${pct(b)})`)
        .join(', ')}; ${xs.map((b) => b.seconds.toFixed(2)).join(', ')} s`;
    console.log(
      `burst of ${BURST} concurrent read requests from one client, loopback, ${BURST_ROUNDS} rounds`,
    );
    console.log(`  vpnphone serve  ${burstLine(bursts.vpnphone)}`);
    console.log(`  tftpd-hpa       ${burstLine(bursts.tftpd)}`);
    const worst = Math.max(...bursts.vpnphone.map((b) => b.retransmitted)) / BURST;
    console.log(`  worst vpnphone round: ${(100 * worst).toFixed(1)}% needed a retransmission (target < 5%)`);
    for (const [name, xs] of Object.entries(bursts)) {
      const f = xs.find((b) => b.firstFailure)?.firstFailure;
      if (f) console.log(`  first burst failure (${name}): ${f}`);
    }
    console.log(
      '  (tftpd-hpa forks a process per request and vpnphone runs one event loop, so the ratio depends on\n' +
        "   the host's fork() cost; both servers get the same client, files and concurrency)",
    );
  } finally {
    if (vpnphone) await stopChild(vpnphone);
    await tftpd?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
