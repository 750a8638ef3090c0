// Benchmark: `vpnphone diagnose` over a large mixed phone + ASA log, against `grep -cE` with the checks'
// key patterns over the same file, in the same run (a busy machine slows both alike). The patterns are the
// scanner's own: the words and ASA ids that make a line worth parsing for the log checks (SCAN_WORDS,
// scanAsaIds). Size: VPNPHONE_BENCH_BYTES (default 1 GiB) or `--bytes N` / `--mb N`; rounds:
// VPNPHONE_BENCH_ROUNDS (default 2). Each round runs grep, diagnose on the one-thread path
// (VPNPHONE_THREADS=1) and diagnose on two threads (VPNPHONE_THREADS=2); the best round is the figure.
// Each round also times, in this process, the stages before the checks (stageSeconds): Node reading and
// decoding the text alone, the scanner finding the lines worth parsing, the parser making the events.
// Prints the times, the ratio to grep (target <= 2x), and diagnose's peak memory (maxRSS of the child, via
// /usr/bin/time -v when present, else from the child's own process.resourceUsage(); target <= 256 MiB).
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { checkedKinds } from '../src/checks/log/index.js';
import { readRange } from '../src/cli/log-worker.js';
import { LogParser, LogScanner, SCAN_WORDS, scanAsaIds } from '../src/logs/parse.js';

/** The checks' key patterns as an extended regular expression (the words have no special characters). */
export function grepPattern(): string {
  const kinds = checkedKinds();
  return [...SCAN_WORDS, `%(ASA|FTD)-([a-z]+-)?[0-7]-(${scanAsaIds(kinds).join('|')})`].join('|');
}

function sizeFromArgs(): number {
  const argv = process.argv;
  const i = argv.indexOf('--bytes');
  if (i >= 0 && argv[i + 1]) return Number(argv[i + 1]);
  const m = argv.indexOf('--mb');
  if (m >= 0 && argv[m + 1]) return Number(argv[m + 1]) * 1024 * 1024;
  const env = process.env.VPNPHONE_BENCH_BYTES;
  return env ? Number(env) : 1024 ** 3;
}

const MON = ['Mar', 'Apr'];

/** One block of lines: mostly ordinary phone and ASA chatter, some VPN lines, a few failures. */
function block(seq: number, minute: number, fail: boolean): string {
  const mon = MON[Math.floor(minute / 40000) % 2];
  const day = 1 + (Math.floor(minute / 1440) % 28);
  const hh = String(Math.floor(minute / 60) % 24).padStart(2, '0');
  const mm = String(minute % 60).padStart(2, '0');
  const t = (s: number) =>
    `${mon} ${day} ${hh}:${mm}:${String(s).padStart(2, '0')}.${String(seq % 1_000_000).padStart(6, '0')}`;
  const asaT = (s: number) => `${mon} ${day} 2020 ${hh}:${mm}:${String(s).padStart(2, '0')}`;
  const L: string[] = [];
  let n = seq;
  const p = (sev: string, s: number, rest: string) => L.push(`${n++} ${sev} ${t(s)} (393:393) ${rest}`);
  for (let i = 0; i < 6; i++) {
    p('INF', 1, 'JAVA-sipservice: SIP REGISTER refresh sent to 10.10.0.21:5060 expires=3600');
    p('DEB', 2, 'kernel: eth0: link up, 1000Mbps, full-duplex, lpa 0xC1E1');
    p('NOT', 3, 'JAVA-configmgr MQThread|cip.ntp.NtpClient:? - NtpClient: time synchronized offset=12ms');
    p('INF', 4, 'ms[1203]: audio: rtp stream 10.10.1.131:24580 -> 10.10.0.50:16384 started');
    L.push(
      `${asaT(5)}: %ASA-6-302013: Built inbound TCP connection 9912${i} for outside:192.168.1.52/5${i}000 to identity:172.16.1.250/443`,
    );
    L.push(
      `${asaT(5)}: %ASA-6-725001: Starting SSL handshake with client outside:192.168.1.52/5${i}000 to 172.16.1.250/443 for TLSv1.2 session`,
    );
    L.push(
      `${asaT(6)}: %ASA-6-725002: Device completed SSL handshake with client outside:192.168.1.52/5${i}000 to 172.16.1.250/443 for TLSv1.2 session`,
    );
    L.push(`${asaT(6)}: %ASA-7-711001: webvpn_cstp_parse_request_field()...input: 'X-CSTP-MTU: 1290'`);
    p('NOT', 7, 'VPNC: -vpnc_set_notify_netsd : cmd: 0x5 event: 0x40000 status: 0x0 error: 0x0');
    p('DEB', 8, 'VPNC: -dpd_handler: keepalive sent');
  }
  p('NOT', 9, 'VPNC: -do_login: URL -> https://asav.sckiewer.lab/phone');
  p(
    'NOT',
    9,
    'VPNC: -protocol_handler: current cipher -> ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA:AES128-SHA',
  );
  p('NOT', 9, 'VPNC: -protocol_handler: new cipher -> AES256-SHA:AES128-SHA');
  p('NOT', 10, 'VPNC: -set_login_state: LOGIN: 1 (TRYING) --> 2 (SUCCESS)');
  p('NOT', 10, 'VPNC: -process_connect: x-dtls-ciphersuite: AES256-SHA');
  p('NOT', 10, 'VPNC: -create_dtls_connection: cipher list: AES256-SHA');
  L.push(
    `${asaT(11)}: %ASA-6-722022: Group <vpn-phone-policy> User <CP-8861-SEP682C7B40B5CE> IP <192.168.1.52> UDP SVC connection established without compression`,
  );
  if (fail) {
    // A failure now and then: the checks must find it among the noise.
    p('ERR', 12, 'VPNC: -alert_err: DTLS write alert: code 47, illegal');
    L.push('parameter');
    p('WRN', 12, 'VPNC: -protocol_handler: connect : err: SSL success DTLS fail');
    L.push(
      `${asaT(12)}: %ASA-6-725014: SSL lib error. Function: ssl3_get_client_hello Reason: no shared cipher`,
    );
  }
  return `${L.join('\n')}\n`;
}

export function generate(path: string, bytes: number): number {
  const fd = openSync(path, 'w');
  let written = 0;
  let seq = 1;
  let minute = 0;
  try {
    while (written < bytes) {
      const parts: string[] = [];
      let size = 0;
      while (size < 4 * 1024 * 1024) {
        const b = block(seq, minute, minute % 50 === 0);
        minute++;
        seq += 80;
        if (seq > 900_000) seq = 1; // phone sequence numbers restart
        parts.push(b);
        size += b.length;
      }
      written += writeSync(fd, parts.join(''));
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

/** Feeds a whole file to `sink` as the worker threads' reader does (readRange: 1 MiB reads, 64 KiB latin1 pieces). */
async function feedFile(file: string, sink: { write(chunk: string): void; end(): void }): Promise<number> {
  const start = process.hrtime.bigint();
  const size = statSync(file).size;
  await readRange({ path: file, start: 0, end: size, fileStart: 0, fileEnd: size }, sink);
  sink.end();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/**
 * Where diagnose's time goes before any check runs, on this thread: Node reading and decoding the text and
 * nothing else; the scanner finding the lines worth parsing (the parser's per-line work taken out); and
 * the parser making the events (the events dropped).
 */
export async function stageSeconds(file: string): Promise<{ decode: number; find: number; parse: number }> {
  let chars = 0;
  const decode = await feedFile(file, {
    write: (c) => {
      chars += c.length;
    },
    end: () => {},
  });
  const kinds = checkedKinds();
  const parser = (counting: boolean) => {
    const p = new LogParser({ source: file, latin1: true, kinds, onEvent: () => {} });
    if (counting) {
      p.line = () => void p.stats.lines++;
      p.asaAt = () => void p.stats.lines++;
    }
    return p;
  };
  const find = await feedFile(file, new LogScanner(parser(true), kinds));
  const parse = await feedFile(file, new LogScanner(parser(false), kinds));
  if (chars === 0) throw new Error(`${file}: nothing read`);
  return { decode, find, parse };
}

function timed(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): { seconds: number; status: number | null; stdout: string; stderr: string } {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { seconds, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export async function run(): Promise<void> {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const bin = join(root, 'bin', 'vpnphone.js');
  const bytes = sizeFromArgs();
  const dir = mkdtempSync(join(tmpdir(), 'vpnphone-bench-'));
  const file = join(dir, 'mixed.log');
  try {
    const g0 = Date.now();
    generate(file, bytes);
    const size = statSync(file).size;
    console.log(
      `generated ${(size / 1024 ** 2).toFixed(0)} MiB of mixed phone + ASA lines in ${((Date.now() - g0) / 1000).toFixed(1)} s`,
    );

    const useTime = existsSync('/usr/bin/time');
    const pattern = grepPattern();
    const args = ['diagnose', file, '--json', '-o', join(dir, 'report.json')];
    const diagnose = (threads: string | undefined) => {
      const env = { ...process.env };
      if (threads === undefined) delete env.VPNPHONE_THREADS;
      else env.VPNPHONE_THREADS = threads;
      const r = useTime
        ? timed('/usr/bin/time', ['-v', process.execPath, bin, ...args], env)
        : timed(
            process.execPath,
            [
              '--input-type=module',
              '-e',
              `const { main } = await import(${JSON.stringify(pathToFileURL(join(root, 'dist/src/cli/main.js')).href)});` +
                `const code = await main(['node', 'vpnphone', ...${JSON.stringify(args)}]);` +
                // biome-ignore lint/suspicious/noTemplateCurlyInString: code for the child process
                'process.stderr.write(`Maximum resident set size (kbytes): ${process.resourceUsage().maxRSS}\\n`); process.exitCode = code;',
            ],
            env,
          );
      if (r.status !== 0 && r.status !== 1)
        throw new Error(`vpnphone diagnose failed (${r.status}): ${r.stderr.slice(-2000)}`);
      const rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? Number.NaN);
      return { ...r, rssMb: rssKb / 1024 };
    };
    const cpu = (r: { stderr: string }) => {
      const u = /User time \(seconds\): ([\d.]+)/.exec(r.stderr)?.[1];
      const k = /System time \(seconds\): ([\d.]+)/.exec(r.stderr)?.[1];
      return u && k ? Number(u) + Number(k) : Number.NaN;
    };
    console.log(`grep pattern (from the checks): ${pattern}`);
    // grep in the C locale: in a UTF-8 one the `[a-z]` of the message class makes it several times slower,
    // which would flatter the ratio.
    const grepEnv = { ...process.env, LC_ALL: 'C' };
    const rounds = Math.max(1, Number(process.env.VPNPHONE_BENCH_ROUNDS ?? 2));
    let best: { ratio: number; one: number; threaded: number; grep: number; rss: number } | undefined;
    for (let round = 1; round <= rounds; round++) {
      // Warm the page cache for all runs alike.
      timed('cat', [file]);
      const grep = useTime
        ? timed('/usr/bin/time', ['-v', 'grep', '-cE', pattern, file], grepEnv)
        : timed('grep', ['-cE', pattern, file], grepEnv);
      const stages = await stageSeconds(file);
      const one = diagnose('1');
      // Two threads (the default is one: see threadOptions).
      const threaded = diagnose('2');
      const ratio = threaded.seconds / grep.seconds;
      console.log(`round ${round}/${rounds}:`);
      console.log(
        `  grep -cE (key patterns):       ${grep.seconds.toFixed(2)} s wall, ${cpu(grep).toFixed(2)} s CPU, ${grep.stdout.trim()} matching lines`,
      );
      const stage = (what: string, seconds: number) =>
        console.log(
          `  ${what.padEnd(31)}${seconds.toFixed(2)} s wall, ratio ${(seconds / grep.seconds).toFixed(2)}x`,
        );
      stage('Node reading + decoding only:', stages.decode);
      stage('+ the scanner finding lines:', stages.find);
      stage('+ the parser making events:', stages.parse);
      console.log(
        `  diagnose, one thread:          ${one.seconds.toFixed(2)} s wall, ${cpu(one).toFixed(2)} s CPU, ${one.rssMb.toFixed(0)} MiB maxRSS, ratio ${(one.seconds / grep.seconds).toFixed(2)}x`,
      );
      console.log(
        `  diagnose, two threads:         ${threaded.seconds.toFixed(2)} s wall, ${cpu(threaded).toFixed(2)} s CPU, ${threaded.rssMb.toFixed(0)} MiB maxRSS, ratio ${ratio.toFixed(2)}x`,
      );
      if (!best || ratio < best.ratio)
        best = {
          ratio,
          one: one.seconds,
          threaded: threaded.seconds,
          grep: grep.seconds,
          rss: threaded.rssMb,
        };
    }
    if (best) {
      console.log(
        `ratio vpnphone/grep (best round): ${best.ratio.toFixed(2)}x (target <= 2x)  ${best.ratio <= 2 ? 'OK' : 'OVER'}`,
      );
      console.log(
        `vpnphone peak memory:            ${best.rss.toFixed(0)} MiB maxRSS (target <= 256 MiB)  ${best.rss <= 256 ? 'OK' : 'OVER'}`,
      );
      console.log(
        `throughput:                      ${(size / 1024 ** 2 / best.threaded).toFixed(0)} MiB/s threaded, ${(size / 1024 ** 2 / best.one).toFixed(0)} MiB/s one thread, grep ${(size / 1024 ** 2 / best.grep).toFixed(0)} MiB/s`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Runnable on its own too: node dist/bench/diagnose.js [--mb N]
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
