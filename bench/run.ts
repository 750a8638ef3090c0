// `npm run bench`: runs every benchmark module in this folder (each prints its figures and its baseline).
// `npm run bench -- NAME...` runs only the named ones (e.g. `npm run bench -- audit`).
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface BenchModule {
  run: () => Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const names = readdirSync(here)
  .filter((f) => f.endsWith('.js') && f !== 'run.js' && !f.endsWith('.test.js'))
  .map((f) => f.slice(0, -3))
  .filter((n) => wanted.length === 0 || wanted.includes(n))
  .sort();
if (names.length === 0) {
  console.error(
    `bench: nothing to run (available: ${
      readdirSync(here)
        .filter((f) => f.endsWith('.js') && f !== 'run.js')
        .join(', ') || 'none'
    })`,
  );
  process.exit(2);
}
let failed = 0;
for (const name of names) {
  console.log(`\n=== bench: ${name}`);
  const mod = (await import(pathToFileURL(`${here}/${name}.js`).href)) as Partial<BenchModule>;
  if (typeof mod.run !== 'function') {
    console.log(`(${name}.js exports no run())`);
    continue;
  }
  try {
    await mod.run();
  } catch (e) {
    failed++;
    console.error(`bench ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
