// src/ has no import cycle: every module reaches its dependencies without coming back to itself.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const SRC = join(process.cwd(), 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

// Type-only imports count too: the compiled code drops them, but they tie the modules as much.
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

/** Relative imports of each source file, as paths of source files. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    g.set(
      f,
      [...text.matchAll(IMPORT)].map((m) => resolve(dirname(f), (m[1] ?? '').replace(/\.js$/, '.ts'))),
    );
  }
  return g;
}

/** Each cycle found by a depth-first walk, as the list of modules around it. */
function cyclesOf(g: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const d of g.get(f) ?? []) {
      if (!g.has(d)) continue;
      if (state.get(d) === 'open') cycles.push([...stack.slice(stack.indexOf(d)), d]);
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of [...g.keys()].sort()) if (!state.has(f)) visit(f);
  return cycles;
}

test('the walk finds a cycle when there is one', () => {
  const g = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a']],
    ['d', ['a']],
  ]);
  assert.deepEqual(cyclesOf(g), [['a', 'b', 'c', 'a']]);
});

test('src/ has no import cycle (static, dynamic and type-only imports)', () => {
  const files = sources(SRC);
  assert.ok(files.length > 100, `only ${files.length} source files found under ${SRC}`);
  const g = importGraph(files);
  // The walk must see the imports it is meant to check, dynamic ones included.
  const diagnose = g.get(join(SRC, 'cli/commands/diagnose.ts')) ?? [];
  assert.ok(diagnose.includes(join(SRC, 'cli/run/diagnose.ts')), 'the dynamic import is not seen');
  const cycles = cyclesOf(g).map((c) => c.map((f) => relative(SRC, f)).join(' -> '));
  assert.deepEqual(cycles, []);
});
