// `npm run fuzz -- [--seconds N] [--target NAME[,NAME]] [--seed S|random] [--out DIR] [--max-inputs N]`,
// or `npm run fuzz -- --target NAME --replay FILE...` (saved inputs, such as test/fixtures/fuzz, again).
// Mutates the examples and test fixtures and feeds them to every parser (see targets.ts). Exit 1 when an
// input failed a property; each failing input is written, minimized, to the folder printed at the end.
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fuzz, replay } from './engine.js';
import { TARGETS } from './targets.js';

const HELP = `usage: npm run fuzz -- [options]
  --seconds N       time for all targets together (default 60)
  --target NAMES    comma-separated targets (default all): ${TARGETS.map((t) => t.name).join(', ')}
  --seed S          PRNG seed, a number or "random" (printed) (default 1)
  --out DIR         where failing inputs go (default a vpnphone-fuzz-SEED folder in the temporary folder)
  --max-inputs N    inputs per target at most
  --replay FILES    run saved inputs (comma-separated) through --target once each, with CPU times
  --list            the targets and what each runs
examples:
  npm run fuzz -- --seconds 30 --target log,show
  npm run fuzz -- --seconds 150 --seed random
  npm run fuzz -- --target certificate --replay test/fixtures/fuzz/certificate-repeated-2mb.der`;

function main(argv: string[]): Promise<number> | number {
  const opt = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') {
      console.log(HELP);
      return 0;
    }
    if (a === '--list') {
      for (const t of TARGETS) console.log(`${t.name.padEnd(15)} ${t.what}`);
      return 0;
    }
    const v = argv[i + 1];
    if (
      !['--seconds', '--target', '--seed', '--out', '--max-inputs', '--replay'].includes(a) ||
      v === undefined
    ) {
      console.error(`fuzz: unknown option or missing value: ${a}\n${HELP}`);
      return 2;
    }
    opt.set(a.slice(2), v);
    i++;
  }
  const seconds = Number(opt.get('seconds') ?? 60);
  const seedArg = opt.get('seed') ?? '1';
  const seed = seedArg === 'random' ? randomInt(0, 2 ** 31) : Number(seedArg);
  const maxInputs = opt.has('max-inputs') ? Number(opt.get('max-inputs')) : undefined;
  if (!(seconds >= 0) || !Number.isInteger(seed) || (maxInputs !== undefined && !(maxInputs > 0))) {
    console.error(`fuzz: --seconds, --seed and --max-inputs take numbers\n${HELP}`);
    return 2;
  }
  const names = opt.get('target')?.split(',');
  const unknown = names?.filter((n) => !TARGETS.some((t) => t.name === n)) ?? [];
  if (unknown.length > 0) {
    console.error(
      `fuzz: no target ${unknown.join(', ')} (targets: ${TARGETS.map((t) => t.name).join(', ')})`,
    );
    return 2;
  }
  const targets = names ? TARGETS.filter((t) => names.includes(t.name)) : TARGETS;
  const replays = opt.get('replay')?.split(',');
  if (replays) return replayAll(targets, replays);
  const out = resolve(opt.get('out') ?? join(tmpdir(), `vpnphone-fuzz-${seed}`));
  // dist/fuzz/run.js → the repository root (seeds are its examples and fixtures).
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  console.log(`fuzz: seed ${seed}, ${seconds} s over ${targets.length} targets`);
  return fuzz({ root, targets, seconds, seed, out, ...(maxInputs ? { maxInputs } : {}) }).then(
    ({ results, failures }) => {
      const inputs = results.reduce((a, r) => a + r.inputs, 0);
      // The summary a closing note quotes: per target, inputs tried, failing inputs, distinct failures.
      console.log(`fuzz: per target (seed ${seed}):`);
      console.log(
        `  ${'target'.padEnd(15)} ${'inputs'.padStart(8)} ${'failing'.padStart(8)} ${'distinct'.padStart(8)}`,
      );
      for (const r of results) {
        const distinct = failures.filter((f) => f.target === r.target).length;
        console.log(
          `  ${r.target.padEnd(15)} ${String(r.inputs).padStart(8)} ${String(r.failures).padStart(8)} ${String(distinct).padStart(8)}`,
        );
      }
      console.log(`fuzz: ${inputs} inputs, ${failures.length} distinct failures (seed ${seed})`);
      if (failures.length > 0) {
        console.log(`fuzz: failing inputs written to ${out}`);
        return 1;
      }
      return 0;
    },
  );
}

async function replayAll(targets: typeof TARGETS, files: string[]): Promise<number> {
  if (targets.length !== 1) {
    console.error('fuzz: --replay takes one --target');
    return 2;
  }
  const t = targets[0]!;
  let failed = 0;
  for (const file of files) {
    const r = await replay(t, readFileSync(file));
    if (!r.ok) failed++;
    console.log(
      `${t.name} ${file}: ${r.ok ? 'ok' : 'FAILED'} ${r.ms.toFixed(0)} ms of CPU (limit ${r.limit.toFixed(0)} ms)${r.message ? `\n  ${r.message}` : ''}`,
    );
  }
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
