// A real ocserv 1.3 headend for integration tests: two network namespaces, a veth pair, ocserv in the trixie tree.
//
// The tree is built once by scripts/headend/build-tree.sh (cached outside the repository). Each
// headend gets its own namespaces (headend + phone; or only the headend's, joined to a phone namespace
// that several headends share, createPhoneNamespace: a VPN group's url1 and url2), its own directory inside the tree for the
// configuration, certificates and sockets, and cleans all of it up in stop() (and, as a last
// resort, when the Node process exits). The bind mounts of /dev and /proc into the tree are
// shared by all headends of all processes: a small lock directory and a list of users (pids) in
// the tree decide who mounts and who unmounts, and only mounts this code made are ever removed.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where build-tree.sh puts the tree unless VPNPHONE_HEADEND_TREE says otherwise. */
export function headendTree(): string {
  return process.env['VPNPHONE_HEADEND_TREE'] || '/var/cache/vpnphone/trixie';
}

/** Directory, inside the tree (as ocserv sees it), that holds every headend's private directory. */
export const IN_TREE_BASE = '/run/vpnphone';

/** Default addresses of the veth pair (RFC 2544 benchmarking range; each pair lives in its own namespaces). */
export const DEFAULT_HEADEND_ADDRESS = '198.18.0.1';
export const DEFAULT_PHONE_ADDRESS = '198.18.0.2';
/** The phone-safe ocserv TLS policy of PROTOCOL.md §6, with AES-128 too (the integration tests' headends). */
export const PHONE_SAFE_PRIORITIES =
  'NONE:%SERVER_PRECEDENCE:%COMPAT:+VERS-TLS-ALL:+SIGN-ALL:+COMP-ALL:+RSA:+SHA1:+AES-256-CBC:+AES-128-CBC';

const MARKER = '.vpnphone-tree-complete';

export type Prerequisites = { ok: true } | { ok: false; why: string };

/** Whether this machine can run a real headend; `why` names what is missing and how to get it. */
export function headendPrerequisites(): Prerequisites {
  if (process.platform !== 'linux') return { ok: false, why: `needs Linux (this is ${process.platform})` };
  if (process.getuid?.() !== 0) return { ok: false, why: 'needs root (network namespaces, chroot, mounts)' };
  const tree = headendTree();
  if (!existsSync(join(tree, MARKER)) || !existsSync(join(tree, 'usr/sbin/ocserv'))) {
    return { ok: false, why: `no ocserv tree at ${tree}: run scripts/headend/build-tree.sh` };
  }
  if (!existsSync('/dev/net/tun')) return { ok: false, why: 'no /dev/net/tun on this machine' };
  const ip = spawnSync('ip', ['-V'], { encoding: 'utf8', timeout: 5000 });
  if (ip.status !== 0) return { ok: false, why: 'no `ip` command (apt-get install iproute2)' };
  return { ok: true };
}

/** Whether openconnect (the real client, from the host's Debian packages) is installed. */
export function openconnectPrerequisites(): Prerequisites {
  const r = spawnSync('openconnect', ['--version'], { encoding: 'utf8', timeout: 5000 });
  if (r.error || r.status !== 0) {
    return { ok: false, why: 'no openconnect (apt-get install openconnect, or run build-tree.sh)' };
  }
  return { ok: true };
}

/**
 * Why the real-headend tests cannot run on this host (undefined: they can). Under CI=true a missing
 * prerequisite throws instead: those tests must run in CI, never skip there.
 */
export function realHeadendMissing(
  opts: { openconnect: boolean; what: string } = { openconnect: true, what: 'real-headend tests' },
): string | undefined {
  const pre = headendPrerequisites();
  const oc: Prerequisites = opts.openconnect ? openconnectPrerequisites() : { ok: true };
  const why = !pre.ok ? pre.why : !oc.ok ? oc.why : undefined;
  if (why && process.env['CI'] === 'true') throw new Error(`${opts.what} cannot run in CI: ${why}`);
  return why;
}

/**
 * A hand-written ocserv.conf for certificate authentication in legacy Cisco mode (what phones need),
 * with the given files (names as passed in `files`) and TLS priorities: for tests and benches that
 * vary the server side rather than generate it from a deployment.
 */
export function certificateOcservConf(o: {
  caCert: string;
  serverCert: string;
  serverKey: string;
  tlsPriorities: string;
}): (env: Pick<HeadendEnv, 'dir' | 'address' | 'file'>) => string {
  return (env) =>
    [
      'auth = "certificate"',
      'cert-user-oid = 2.5.4.3',
      `ca-cert = ${env.file(o.caCert)}`,
      `server-cert = ${env.file(o.serverCert)}`,
      `server-key = ${env.file(o.serverKey)}`,
      `listen-host = ${env.address}`,
      'tcp-port = 443',
      'udp-port = 443',
      `socket-file = ${env.dir}/ocserv.sock`,
      `occtl-socket-file = ${env.dir}/occtl.sock`,
      'use-occtl = true',
      'isolate-workers = false',
      'device = vpns',
      'ipv4-network = 10.66.0.0/24',
      'cisco-client-compat = true',
      'cisco-svc-client-compat = true',
      'dtls-legacy = true',
      'keepalive = 30',
      'dpd = 30',
      'try-mtu-discovery = false',
      `tls-priorities = "${o.tlsPriorities}"`,
      '',
    ].join('\n');
}

/** What the configuration of one headend may refer to before the headend exists. */
export interface HeadendEnv {
  /** Private directory of this headend as ocserv sees it (inside the chroot), e.g. /run/vpnphone/1234-1. */
  dir: string;
  /** Same directory seen from the host. */
  hostDir: string;
  /** In-chroot path of a file given in `files`. */
  file(name: string): string;
  /** Address of the headend end of the veth pair (use as listen-host and in the server certificate SAN). */
  address: string;
  /** Address of the phone end. */
  phoneAddress: string;
}

export interface StartHeadendOptions {
  /** ocserv.conf text, or a function of the environment (paths and addresses) that returns it. */
  ocservConf: string | ((env: HeadendEnv) => string);
  /** File name (no slashes) → content, written to the private directory (keys mode 0600). */
  files?: Record<string, string | Uint8Array>;
  headendAddress?: string;
  phoneAddress?: string;
  /** Prefix length of the veth link, default 30. */
  prefixLength?: number;
  /** How long to wait for ocserv to listen, default 20 s. */
  startTimeoutMs?: number;
  /**
   * A phone namespace shared with other headends (createPhoneNamespace): this headend gets its own
   * namespace and veth pair into it, and leaves it in place when stopped. Give each headend its own
   * headendAddress/phoneAddress (another /30) then.
   */
  phone?: PhoneNamespace;
}

/** A phone namespace that reaches several headends (each joins it with its own veth pair). */
export interface PhoneNamespace {
  name: string;
  run(cmd: string, args: string[], opts?: RunOptions): Promise<RunResult>;
  /** Kills what runs in it and deletes it. Idempotent; stop the headends that joined it first. */
  stop(): Promise<void>;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface RunOptions {
  /** Kill (TERM, then KILL 2 s later) after this long; default 30 s. */
  timeoutMs?: number;
  /** Standard input for the command. */
  input?: string | Uint8Array;
  env?: NodeJS.ProcessEnv;
}

/** A long-running process in a namespace (e.g. openconnect); its output accumulates. */
export interface Background {
  child: ChildProcess;
  output(): string;
  /** Resolves when a line of output matches, rejects at timeout or when the process exits first. */
  waitFor(re: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** SIGTERM, then SIGKILL after `graceMs` (default 3 s); resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
  exited: Promise<number | null>;
}

export interface Headend extends HeadendEnv {
  headendNs: string;
  phoneNs: string;
  /** The configuration ocserv was started with. */
  ocservConf: string;
  /** ocserv's output so far (stdout and stderr, -d 3). */
  logs(): string;
  /** Runs occtl against this headend's socket, e.g. occtl(['show', 'users']); rejects on failure. */
  occtl(args: string[], timeoutMs?: number): Promise<string>;
  runInPhoneNs(cmd: string, args: string[], opts?: RunOptions): Promise<RunResult>;
  runInHeadendNs(cmd: string, args: string[], opts?: RunOptions): Promise<RunResult>;
  /** Starts a long-running command in the phone namespace; `input` is written to its standard input. */
  spawnInPhoneNs(cmd: string, args: string[], env?: NodeJS.ProcessEnv, input?: string): Background;
  /** Stops ocserv only (the headend is down: its address refuses TCP); the namespaces stay. */
  stopOcserv(): Promise<void>;
  /** Stops ocserv and everything started in the namespaces, deletes them, removes the directory. Idempotent. */
  stop(): Promise<void>;
}

let counter = 0;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Runs a command to completion with a hard timeout; never throws on a non-zero exit. */
export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: opts.env ?? process.env });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let killer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      killer = setTimeout(() => child.kill('SIGKILL'), 2000);
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
    });
    child.on('error', (e) => {
      stderr += String(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (killer) clearTimeout(killer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
    child.stdin.on('error', () => {});
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
  });
}

async function must(cmd: string, args: string[], timeoutMs = 15_000): Promise<string> {
  const r = await run(cmd, args, { timeoutMs });
  if (r.code !== 0) {
    throw new Error(
      `${cmd} ${args.join(' ')} failed (${r.timedOut ? 'timed out' : `exit ${r.code}`}): ${r.stderr.trim()}`,
    );
  }
  return r.stdout;
}

function background(cmd: string, args: string[], env?: NodeJS.ProcessEnv, input?: string): Background {
  const child = spawn(cmd, args, {
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    env: env ?? process.env,
  });
  if (input !== undefined && child.stdin) {
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  }
  let out = '';
  const MAX = 4 * 1024 * 1024;
  const listeners = new Set<() => void>();
  const add = (d: Buffer) => {
    out += d.toString('utf8');
    if (out.length > MAX) out = out.slice(out.length - MAX);
    for (const l of listeners) l();
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  const exited = new Promise<number | null>((resolve) => {
    child.on('error', (e) => {
      out += `\n[spawn error] ${String(e)}\n`;
      resolve(null);
    });
    child.on('close', (code) => resolve(code));
  });
  let done = false;
  void exited.then(() => {
    done = true;
    for (const l of listeners) l();
  });
  return {
    child,
    exited,
    output: () => out,
    waitFor(re, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = out.match(re);
          if (m) {
            finish();
            resolve(m);
          } else if (done) {
            finish();
            reject(new Error(`${cmd} exited before printing ${re}:\n${out.slice(-4000)}`));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${re}:\n${out.slice(-4000)}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    async stop(graceMs = 3000) {
      if (done) return exited;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
  };
}

/**
 * Lines of an ocpasswd file (for `auth = "plain[passwd=...]"`) made by the tree's own ocpasswd, so the
 * hashes are what ocserv 1.3 expects. Pass the result as one of `files`.
 */
export async function makeOcpasswd(
  users: { user: string; password: string; group?: string }[],
): Promise<string> {
  const tree = headendTree();
  counter += 1;
  const rel = `${IN_TREE_BASE}/.ocpasswd-${process.pid}-${counter}`;
  mkdirSync(join(tree, rel), { recursive: true, mode: 0o700 });
  try {
    for (const u of users) {
      const args = [tree, 'ocpasswd', '-c', `${rel}/passwd`, ...(u.group ? ['-g', u.group] : []), u.user];
      // ocpasswd asks for the password twice on standard input.
      const r = await run('chroot', args, { input: `${u.password}\n${u.password}\n`, timeoutMs: 10_000 });
      if (r.code !== 0) throw new Error(`ocpasswd ${u.user} failed (exit ${r.code}): ${r.stderr.trim()}`);
    }
    return readFileSync(join(tree, rel, 'passwd'), 'utf8');
  } finally {
    rmSync(join(tree, rel), { recursive: true, force: true });
  }
}

// ---- shared bind mounts of /dev and /proc into the tree -------------------------------------

const SHARED_MOUNTS = ['dev', 'proc'];

function mountedPaths(): Set<string> {
  const text = readFileSync('/proc/self/mounts', 'utf8');
  return new Set(text.split('\n').map((l) => (l.split(' ')[1] ?? '').replace(/\\040/g, ' ')));
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `fn` holding a lock directory in the tree (mkdir is atomic); bounded, breaks stale locks. */
async function withTreeLock<T>(tree: string, fn: () => T): Promise<T> {
  const lock = join(tree, 'run/vpnphone/.mount-lock');
  mkdirSync(join(tree, 'run/vpnphone'), { recursive: true });
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder = 0;
      try {
        holder = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {
        // Being created or removed right now: look again.
      }
      const age = (() => {
        try {
          return Date.now() - statSync(lock).mtimeMs;
        } catch {
          return 0;
        }
      })();
      if ((holder > 0 && !pidAlive(holder)) || age > 30_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for the tree lock ${lock}`);
      await sleep(25);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function usersDir(tree: string): string {
  return join(tree, 'run/vpnphone/.users');
}

/** Live users of the shared mounts (entry names are `<pid>-<n>`); removes entries of dead processes. */
function liveUsers(tree: string): string[] {
  const dir = usersDir(tree);
  mkdirSync(dir, { recursive: true });
  const live: string[] = [];
  for (const name of readdirSync(dir)) {
    const pid = Number(name.split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && pidAlive(pid)) live.push(name);
    else rmSync(join(dir, name), { force: true });
  }
  return live;
}

async function acquireMounts(tree: string, id: string): Promise<void> {
  await withTreeLock(tree, () => {
    liveUsers(tree);
    const mounted = mountedPaths();
    for (const m of SHARED_MOUNTS) {
      const target = join(tree, m);
      if (mounted.has(target)) continue;
      mkdirSync(target, { recursive: true });
      const r = spawnSync('mount', ['--bind', `/${m}`, target], { encoding: 'utf8', timeout: 10_000 });
      if (r.status !== 0) throw new Error(`mount --bind /${m} ${target}: ${r.stderr}`);
      // Recorded so that only mounts made here are ever unmounted.
      writeFileSync(join(tree, `run/vpnphone/.mounted-${m}`), String(process.pid));
    }
    writeFileSync(join(usersDir(tree), id), '');
  });
}

async function releaseMounts(tree: string, id: string): Promise<void> {
  await withTreeLock(tree, () => releaseMountsSync(tree, id));
}

function releaseMountsSync(tree: string, id: string | undefined): void {
  if (id !== undefined) rmSync(join(usersDir(tree), id), { force: true });
  if (liveUsers(tree).length > 0) return;
  const mounted = mountedPaths();
  for (const m of SHARED_MOUNTS) {
    const flag = join(tree, `run/vpnphone/.mounted-${m}`);
    const target = join(tree, m);
    if (existsSync(flag) && mounted.has(target)) {
      spawnSync('umount', [target], { timeout: 10_000 });
      if (mountedPaths().has(target)) spawnSync('umount', ['-l', target], { timeout: 10_000 });
    }
    rmSync(flag, { force: true });
  }
}

// ---- the headend ---------------------------------------------------------------------------

/** Synchronous last-resort cleanups of the headends of this process that are not stopped yet. */
const live = new Set<() => void>();
let handlersInstalled = false;

/**
 * Cleans up at process exit and on SIGINT/SIGTERM (then dies of the same signal, as it would have).
 * A SIGKILLed process leaves its namespaces behind: removeStaleHeadends() deletes them later.
 */
/**
 * `cleanupSync` runs at process exit unless taken first: the returned function is true once, for the one
 * caller that then cleans up itself (stop(), or a failed start), and false after.
 */
function cleanupAtExit(cleanupSync: () => void): () => boolean {
  let taken = false;
  const take = () => {
    if (taken) return false;
    taken = true;
    live.delete(onExit);
    return true;
  };
  const onExit = () => {
    if (take()) cleanupSync();
  };
  live.add(onExit);
  installExitHandlers();
  return take;
}

function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const all = () => {
    for (const f of [...live]) f();
  };
  process.on('exit', all);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = () => {
      all();
      process.off(sig, onSignal);
      process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

/** Kills what runs in namespace `ns` and deletes it; synchronous and bounded (for exit handlers). */
function deleteNamespaceSync(ns: string): void {
  killPids(spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8', timeout: 5000 }).stdout ?? '');
  spawnSync('ip', ['netns', 'del', ns], { timeout: 5000 });
}

/** SIGKILL to each pid of `ip netns pids` output. */
function killPids(pids: string): void {
  for (const p of pids.split(/\s+/).filter(Boolean)) {
    try {
      process.kill(Number(p), 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** Kills what runs in namespace `ns` (the namespace stays). */
async function killNamespace(ns: string): Promise<void> {
  killPids((await run('ip', ['netns', 'pids', ns], { timeoutMs: 5000 })).stdout);
}

const NS_RE = /^vpnphone-(?:he|ph)-(\d+)-\d+$/;

/**
 * Deletes namespaces and private directories left by headends of processes that no longer exist
 * (e.g. killed by a test timeout). Only names this module makes are touched, and only for dead pids.
 */
export async function removeStaleHeadends(): Promise<string[]> {
  const removed: string[] = [];
  const list = await run('ip', ['netns', 'list'], { timeoutMs: 5000 });
  for (const line of list.stdout.split('\n')) {
    const ns = line.split(' ')[0] ?? '';
    const m = ns.match(NS_RE);
    if (!m || pidAlive(Number(m[1]))) continue;
    await killNamespace(ns);
    await run('ip', ['netns', 'del', ns], { timeoutMs: 10_000 });
    removed.push(ns);
  }
  const tree = headendTree();
  const base = join(tree, IN_TREE_BASE);
  // Mounts made for dead processes only: with no live user left, they are unmounted.
  if (existsSync(join(base, '.users'))) await withTreeLock(tree, () => releaseMountsSync(tree, undefined));
  if (existsSync(base)) {
    for (const name of readdirSync(base)) {
      const m = name.match(/^(?:\.ocpasswd-)?(\d+)-\d+$/);
      if (m && !pidAlive(Number(m[1]))) {
        rmSync(join(base, name), { recursive: true, force: true });
        removed.push(join(base, name));
      }
    }
  }
  return removed;
}

function confValue(conf: string, key: string): string | undefined {
  const re = new RegExp(`^\\s*${key.replace(/-/g, '\\-')}\\s*=\\s*(.*?)\\s*$`, 'm');
  const m = conf.match(re);
  return m?.[1]?.replace(/^"(.*)"$/, '$1');
}

/** Starts ocserv in a fresh pair of namespaces; always stops and cleans up if starting fails. */
export async function startHeadend(opts: StartHeadendOptions): Promise<Headend> {
  const pre = headendPrerequisites();
  if (!pre.ok) throw new Error(`cannot start a real headend: ${pre.why}`);
  const tree = headendTree();
  counter += 1;
  const id = `${process.pid}-${counter}`;
  // Interface names are limited to 15 characters: base 36 keeps pid and counter short.
  const tag = `${process.pid.toString(36)}x${counter.toString(36)}`;
  const headendNs = `vpnphone-he-${id}`;
  const phoneNs = opts.phone?.name ?? `vpnphone-ph-${id}`;
  const vethHead = `vh${tag}h`;
  const vethPhone = `vh${tag}p`;
  const address = opts.headendAddress ?? DEFAULT_HEADEND_ADDRESS;
  const phoneAddress = opts.phoneAddress ?? DEFAULT_PHONE_ADDRESS;
  const prefix = opts.prefixLength ?? 30;
  const dir = `${IN_TREE_BASE}/${id}`;
  const hostDir = join(tree, dir);
  const env: HeadendEnv = {
    dir,
    hostDir,
    file: (name) => `${dir}/${name}`,
    address,
    phoneAddress,
  };
  const ocservConf = typeof opts.ocservConf === 'function' ? opts.ocservConf(env) : opts.ocservConf;

  let ocserv: Background | undefined;
  const spawned: Background[] = [];
  let mounts = false;
  const namespaces: string[] = [];

  const cleanupSync = () => {
    // Last resort at process exit: synchronous, bounded.
    for (const ns of namespaces) deleteNamespaceSync(ns);
    rmSync(hostDir, { recursive: true, force: true });
    if (mounts) {
      try {
        releaseMountsSync(tree, id);
      } catch {
        // Best effort at exit.
      }
    }
  };
  const take = cleanupAtExit(cleanupSync);

  const stop = async () => {
    if (!take()) return;
    for (const b of spawned) await b.stop(2000);
    // ocserv needs about a second to exit after SIGTERM (it stops its workers and sec-mod).
    if (ocserv) await ocserv.stop(5000);
    for (const ns of namespaces) {
      await killNamespace(ns);
      await run('ip', ['netns', 'del', ns], { timeoutMs: 10_000 });
    }
    rmSync(hostDir, { recursive: true, force: true });
    if (mounts) await releaseMounts(tree, id);
  };

  const inNs = (ns: string, cmd: string, args: string[], o?: RunOptions) =>
    run('ip', ['netns', 'exec', ns, cmd, ...args], o);

  try {
    await removeStaleHeadends();
    await acquireMounts(tree, id);
    mounts = true;
    mkdirSync(hostDir, { recursive: true, mode: 0o755 });
    for (const [name, content] of Object.entries(opts.files ?? {})) {
      if (name.includes('/') || name.startsWith('.'))
        throw new Error(`file name ${name}: no slashes or dots first`);
      const secret = /key|passwd|password|secret/i.test(name);
      writeFileSync(join(hostDir, name), content, { mode: secret ? 0o600 : 0o644 });
    }
    writeFileSync(join(hostDir, 'ocserv.conf'), ocservConf, { mode: 0o644 });

    for (const ns of opts.phone ? [headendNs] : [headendNs, phoneNs]) {
      await must('ip', ['netns', 'add', ns]);
      namespaces.push(ns);
      await must('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    }
    // Created directly inside the namespaces: the names never appear in the host namespace.
    await must('ip', [
      'link',
      'add',
      vethHead,
      'netns',
      headendNs,
      'type',
      'veth',
      'peer',
      'name',
      vethPhone,
      'netns',
      phoneNs,
    ]);
    await must('ip', ['-n', headendNs, 'addr', 'add', `${address}/${prefix}`, 'dev', vethHead]);
    await must('ip', ['-n', phoneNs, 'addr', 'add', `${phoneAddress}/${prefix}`, 'dev', vethPhone]);
    await must('ip', ['-n', headendNs, 'link', 'set', vethHead, 'up']);
    await must('ip', ['-n', phoneNs, 'link', 'set', vethPhone, 'up']);

    ocserv = background('ip', [
      'netns',
      'exec',
      headendNs,
      'chroot',
      tree,
      'ocserv',
      '-f',
      '-d',
      '3',
      '-c',
      `${dir}/ocserv.conf`,
    ]);
    const port = confValue(ocservConf, 'tcp-port') ?? '443';
    const deadline = Date.now() + (opts.startTimeoutMs ?? 20_000);
    let exitedEarly = false;
    void ocserv.exited.then(() => {
      exitedEarly = true;
    });
    for (;;) {
      if (exitedEarly) throw new Error(`ocserv exited while starting:\n${ocserv.output().slice(-6000)}`);
      // Listening comes first; "initialized" once the main loop (and the occtl socket) are up.
      const ss = await run('ss', ['-N', headendNs, '-Hltn', `sport = :${port}`], { timeoutMs: 5000 });
      const initialized = /main: initialized OpenConnect VPN Server/.test(ocserv.output());
      if (ss.code === 0 && ss.stdout.trim() !== '' && initialized) break;
      if (Date.now() > deadline) {
        throw new Error(
          `ocserv did not ${initialized ? 'listen on TCP ' + port : 'initialize'} in time:\n${ocserv.output().slice(-6000)}`,
        );
      }
      await sleep(100);
    }
  } catch (e) {
    await stop();
    throw e;
  }

  const occtlSocket = confValue(ocservConf, 'occtl-socket-file');
  const oc = ocserv;
  return {
    ...env,
    headendNs,
    phoneNs,
    ocservConf,
    logs: () => oc.output(),
    async occtl(args, timeoutMs = 10_000) {
      const sock = occtlSocket ? ['-s', occtlSocket] : [];
      const r = await inNs(headendNs, 'chroot', [tree, 'occtl', ...sock, ...args], { timeoutMs });
      if (r.code !== 0) {
        throw new Error(
          `occtl ${args.join(' ')} failed (exit ${r.code}): ${r.stderr.trim()} ${r.stdout.trim()}`,
        );
      }
      return r.stdout;
    },
    runInPhoneNs: (cmd, args, o) => inNs(phoneNs, cmd, args, o),
    runInHeadendNs: (cmd, args, o) => inNs(headendNs, cmd, args, o),
    async stopOcserv() {
      await oc.stop(5000);
    },
    spawnInPhoneNs(cmd, args, childEnv, input) {
      const b = background('ip', ['netns', 'exec', phoneNs, cmd, ...args], childEnv, input);
      spawned.push(b);
      return b;
    },
    stop,
  };
}

/**
 * A phone namespace for several headends (startHeadend's `phone` option), named per process like the
 * headends' (`vpnphone-ph-<pid>-<n>`), so that parallel runs never share one and stale ones are removed.
 */
export async function createPhoneNamespace(): Promise<PhoneNamespace> {
  const pre = headendPrerequisites();
  if (!pre.ok) throw new Error(`cannot make a phone namespace: ${pre.why}`);
  counter += 1;
  const name = `vpnphone-ph-${process.pid}-${counter}`;
  const cleanupSync = () => deleteNamespaceSync(name);
  const take = cleanupAtExit(cleanupSync);
  try {
    await removeStaleHeadends();
    await must('ip', ['netns', 'add', name]);
    await must('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
  } catch (e) {
    if (take()) cleanupSync();
    throw e;
  }
  return {
    name,
    run: (cmd, args, o) => run('ip', ['netns', 'exec', name, cmd, ...args], o),
    async stop() {
      if (take()) cleanupSync();
    },
  };
}
