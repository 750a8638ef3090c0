// The fuzz loop: seeds, then mutated inputs from a seeded PRNG, for a time budget per target; each input
// is checked for unexpected throws, time per megabyte and memory; failing inputs are minimized and saved.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_INPUT, mutate } from './mutate.js';
import { Rng } from './prng.js';
import { PropertyFailure, type Seed, TARGETS, type Target } from './targets.js';

export interface FuzzOptions {
  root: string;
  targets: readonly Target[];
  /** Seconds for all targets together (split evenly). */
  seconds: number;
  seed: number;
  /** Where failing inputs are written (created when one is found). */
  out: string;
  /** Inputs per target at most (a bound besides the time). */
  maxInputs?: number;
  /** Allowed time per MB of input (ms), beyond `baseMs`, per pass over it. */
  msPerMb?: number;
  baseMs?: number;
  /** Resident memory at which the run stops the target as a failure. */
  maxRssMb?: number;
  log?: (line: string) => void;
}

export interface Failure {
  target: string;
  kind: 'threw' | 'property' | 'slow' | 'memory';
  message: string;
  file: string;
  bytes: number;
}

export interface TargetResult {
  target: string;
  inputs: number;
  failures: number;
  /** The slowest input relative to its limit: ms, bytes. */
  slowest: { ms: number; bytes: number };
  peakRssMb: number;
}

type Outcome = { ok: true; ms: number } | { ok: false; kind: Failure['kind']; message: string; ms: number };

/** CPU milliseconds of this process (user and system): a busy machine slows the wall clock, not this. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function once(t: Target, input: Buffer): Promise<Outcome> {
  const start = cpuMs();
  try {
    await t.run(input);
  } catch (e) {
    const ms = cpuMs() - start;
    if (e instanceof PropertyFailure) return { ok: false, kind: 'property', message: e.message, ms };
    if (t.expected?.(e)) return { ok: true, ms };
    const err =
      e instanceof Error
        ? `${e.name}: ${e.message}\n${e.stack?.split('\n').slice(1, 6).join('\n') ?? ''}`
        : String(e);
    return { ok: false, kind: 'threw', message: err, ms };
  }
  return { ok: true, ms: cpuMs() - start };
}

/** The time allowed for one input of `bytes` bytes to a target. */
export function limitMs(
  t: Target,
  bytes: number,
  opts: Pick<FuzzOptions, 'msPerMb' | 'baseMs'> = {},
): number {
  return (
    (t.baseMs ?? opts.baseMs ?? 250) + ((opts.msPerMb ?? 1000) * (t.passes ?? 1) * bytes) / (1024 * 1024)
  );
}

/** One saved input through a target (`npm run fuzz -- --target T --replay FILE`): how it fared, CPU ms. */
export async function replay(
  t: Target,
  input: Buffer,
): Promise<{ ok: boolean; ms: number; limit: number; message?: string }> {
  const o = await once(t, input);
  const limit = limitMs(t, input.length);
  return o.ok
    ? { ok: o.ms <= limit, ms: o.ms, limit }
    : { ok: false, ms: o.ms, limit, message: `${o.kind}: ${o.message}` };
}

/** The failure's first line: what minimization must keep. */
const signature = (o: Outcome) =>
  o.ok ? '' : `${o.kind} ${o.message.split('\n')[0]!.replace(/\d+/g, 'N').slice(0, 120)}`;

/** Smaller inputs failing the same way: halves, then line and byte chunks removed (bounded tries and time). */
async function minimize(t: Target, input: Buffer, sig: string): Promise<Buffer> {
  let best = input;
  const deadline = Date.now() + 15_000;
  let tries = 0;
  for (let chunk = Math.floor(best.length / 2); chunk >= 1 && tries < 400 && Date.now() < deadline; ) {
    let removed = false;
    for (let i = 0; i < best.length && tries < 400 && Date.now() < deadline; i += chunk) {
      const cand = Buffer.concat([best.subarray(0, i), best.subarray(i + chunk)]);
      tries++;
      const o = await once(t, cand);
      if (!o.ok && signature(o) === sig) {
        best = cand;
        removed = true;
        i -= chunk;
      }
    }
    if (!removed) chunk = Math.floor(chunk / 2);
  }
  return best;
}

export async function fuzz(opts: FuzzOptions): Promise<{ results: TargetResult[]; failures: Failure[] }> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const msPerMb = opts.msPerMb ?? 1000;
  const baseMs = opts.baseMs ?? 250;
  const maxRss = (opts.maxRssMb ?? 1024) * 1024 * 1024;
  const results: TargetResult[] = [];
  const failures: Failure[] = [];
  const budget = (opts.seconds * 1000) / Math.max(1, opts.targets.length);
  const allSeeds: Seed[] = [];
  const seedsOf = new Map<string, Seed[]>();
  for (const t of opts.targets) {
    const s = t.seeds(opts.root);
    seedsOf.set(t.name, s);
    allSeeds.push(...s);
  }
  for (const [i, t] of opts.targets.entries()) {
    // Seeded by the target's place among all targets, so `--target T --seed S` replays T's inputs of a full run.
    const ti = TARGETS.includes(t) ? TARGETS.indexOf(t) : i;
    const rng = new Rng((opts.seed ^ Math.imul(ti + 1, 0x9e3779b1)) >>> 0);
    const seeds = seedsOf.get(t.name) ?? [];
    const res: TargetResult = {
      target: t.name,
      inputs: 0,
      failures: 0,
      slowest: { ms: 0, bytes: 0 },
      peakRssMb: 0,
    };
    results.push(res);
    if (seeds.length === 0) {
      log(`${t.name}: no seed inputs found`);
      failures.push({ target: t.name, kind: 'property', message: 'no seed inputs', file: '', bytes: 0 });
      res.failures++;
      continue;
    }
    const seen = new Set<string>();
    const end = Date.now() + budget;
    const maxInputs = opts.maxInputs ?? 1_000_000;
    let worst = 0;
    for (let n = 0; n < maxInputs && (n < seeds.length || Date.now() < end); n++) {
      const base = n < seeds.length ? seeds[n]!.bytes : rng.pick(seeds).bytes;
      const { input, how } =
        n < seeds.length
          ? { input: base, how: [`seed ${seeds[n]!.name}`] }
          : mutate(base, rng, () => rng.pick(allSeeds).bytes);
      res.inputs++;
      const limit = (i: Buffer) => limitMs(t, i.length, { msPerMb, baseMs });
      let o = await once(t, input);
      // A slow input is tried twice more (a busy machine, a collection): slow only if every try was.
      if (o.ok && o.ms > limit(input)) {
        for (let k = 0; k < 2 && o.ok && o.ms > limit(input); k++) {
          const again = await once(t, input);
          o = again.ok ? { ok: true, ms: Math.min(o.ms, again.ms) } : again;
        }
        if (o.ok && o.ms > limit(input))
          o = {
            ok: false,
            kind: 'slow',
            message: `${o.ms.toFixed(0)} ms of CPU for ${input.length} bytes (limit ${limit(input).toFixed(0)} ms: ${t.baseMs ?? baseMs} ms + ${msPerMb} ms per MB per pass, ${t.passes ?? 1} passes)`,
            ms: o.ms,
          };
      }
      if (o.ms / limit(input) > worst) {
        worst = o.ms / limit(input);
        res.slowest = { ms: Math.round(o.ms), bytes: input.length };
      }
      const rss = process.memoryUsage().rss;
      res.peakRssMb = Math.max(res.peakRssMb, Math.round(rss / 1024 / 1024));
      if (o.ok && rss > maxRss)
        o = {
          ok: false,
          kind: 'memory',
          message: `resident memory ${Math.round(rss / 1024 / 1024)} MB after this input`,
          ms: o.ms,
        };
      if (o.ok) continue;
      const sig = signature(o);
      if (seen.has(sig)) {
        res.failures++;
        continue;
      }
      seen.add(sig);
      res.failures++;
      const small = o.kind === 'slow' || o.kind === 'memory' ? input : await minimize(t, input, sig);
      mkdirSync(opts.out, { recursive: true });
      const file = join(opts.out, `${t.name}-${failures.length + 1}.bin`);
      writeFileSync(file, small);
      writeFileSync(
        `${file}.txt`,
        `target: ${t.name}\nfailure: ${o.kind}\nseed: ${opts.seed}, input ${n}\nmutations: ${how.join(', ')}\nbytes: ${input.length} (minimized to ${small.length})\n\n${o.message}\n`,
      );
      failures.push({ target: t.name, kind: o.kind, message: o.message, file, bytes: small.length });
      log(`  ${t.name}: ${o.kind}: ${o.message.split('\n')[0]} -> ${file}`);
      if (o.kind === 'memory') break;
    }
    log(
      `${t.name.padEnd(15)} ${String(res.inputs).padStart(7)} inputs  ${String(res.failures).padStart(3)} failures  slowest ${res.slowest.ms} ms for ${res.slowest.bytes} bytes  peak RSS ${res.peakRssMb} MB`,
    );
  }
  return { results, failures };
}

export { MAX_INPUT };
