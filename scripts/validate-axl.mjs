// Validates every AXL request `vpnphone generate cucm --format axl` writes for the examples against an AXL
// schema given on the command line (CI passes Cisco's AXLSoap.xsd). Needs `npm run build` first.
// usage: node scripts/validate-axl.mjs PATH/TO/AXLSoap.xsd
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateEnvelopes } from '../dist/test/support/axl.js';

const schema = process.argv[2];
if (!schema) {
  console.error('usage: node scripts/validate-axl.mjs AXLSoap.xsd');
  process.exit(2);
}
const tmp = mkdtempSync(join(tmpdir(), 'vpnphone-axl-ci-'));
try {
  const requests = [];
  for (const ex of ['lab', 'branch-office']) {
    const dir = join(tmp, ex);
    const args = ['bin/vpnphone.js', 'generate', 'cucm', '-d', `examples/${ex}/deployment.yaml`];
    const r = spawnSync(process.execPath, [...args, '--format', 'axl', '--out-dir', dir], {
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      console.error(`generate cucm for ${ex} failed: ${r.stderr}`);
      process.exit(1);
    }
    for (const f of readdirSync(dir).sort())
      requests.push({ name: `${ex}-${f.replace(/\.xml$/, '')}`, body: readFileSync(join(dir, f), 'utf8') });
  }
  const bad = validateEnvelopes(schema, tmp, requests);
  for (const b of bad) console.error(b);
  console.log(`${requests.length - bad.length}/${requests.length} AXL requests validate against ${schema}`);
  process.exit(bad.length === 0 && requests.length > 0 ? 0 : 1);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
