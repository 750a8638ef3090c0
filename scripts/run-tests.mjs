// Runs every compiled test file (dist/**/*.test.js) with Node's test runner.
// Node 20's --test takes no globs, so the files are listed here. `npm run build` empties dist/ first; a compiled
// test whose source is gone (tsc alone leaves it behind) is refused rather than run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function find(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

const filter = process.argv.slice(2);
const files = find('dist', [])
  .filter((f) => filter.length === 0 || filter.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) {
  console.error('run-tests: no test files found under dist/ (did the build run?)');
  process.exit(1);
}
const stale = files.filter((f) => !existsSync(f.replace(/^dist[\\/]/, '').replace(/\.js$/, '.ts')));
if (stale.length > 0) {
  console.error(`run-tests: compiled tests without a source (run \`npm run build\`, which empties dist/):`);
  for (const f of stale) console.error(`  ${f}`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
