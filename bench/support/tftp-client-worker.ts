// Worker thread of bench/serve.ts: runs N concurrent tftpGet loops over a shared list of files.
import { parentPort, workerData } from 'node:worker_threads';
import { tftpGet } from '../../src/tftp/client.js';

export interface ClientWorkerJob {
  port: number;
  files: { name: string; size: number }[];
  concurrency: number;
}

export interface ClientWorkerResult {
  fetched: number;
  failures: string[];
  retransmissions: number;
}

async function work(job: ClientWorkerJob): Promise<ClientWorkerResult> {
  let next = 0;
  let fetched = 0;
  let retransmissions = 0;
  const failures: string[] = [];
  const loop = async () => {
    // Bounded by the file list: each iteration takes the next file.
    for (let i = next++; i < job.files.length; i = next++) {
      const f = job.files[i]!;
      try {
        const r = await tftpGet('127.0.0.1', job.port, f.name, { timeoutMs: 1000, retries: 5 });
        retransmissions += r.retransmissions;
        if (r.data.length !== f.size) failures.push(`${f.name}: ${r.data.length} bytes, expected ${f.size}`);
        else fetched++;
      } catch (e) {
        failures.push(`${f.name}: ${(e as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, loop));
  return { fetched, failures: failures.slice(0, 10), retransmissions };
}

parentPort?.on('message', (job: ClientWorkerJob) => {
  work(job).then((r) => parentPort?.postMessage(r));
});
void workerData;
