// Rewrites the CLI goldens (test/golden/cli/) from the built CLI: run only on purpose (`npm run goldens`),
// then read the diff — a golden that changed is a behaviour that changed.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GOLDEN_DIR, GOLDEN_STATUS_FILE, goldenCases, runGoldens } from '../dist/test/support/goldens.js';

const root = new URL('..', import.meta.url).pathname;
const dir = join(root, GOLDEN_DIR);
const cases = goldenCases(root);
const runs = await runGoldens(root, cases);
mkdirSync(dir, { recursive: true });
// Goldens of command lines that no longer exist go, so the folder holds exactly the cases.
for (const name of readdirSync(dir)) rmSync(join(dir, name));
const status = {};
cases.forEach((c, i) => {
  const r = runs[i];
  writeFileSync(join(dir, c.file), r.stdout);
  status[c.file] = { args: c.args, status: r.status, stderr: r.stderr };
});
writeFileSync(join(root, GOLDEN_STATUS_FILE), `${JSON.stringify(status, null, 2)}\n`);
console.log(`${cases.length} goldens written to ${GOLDEN_DIR}`);
