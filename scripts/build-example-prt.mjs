// Builds the PRT-style archive of examples/doctor/cert-renewed-without-cucm from scripts/example-prt/:
// a .tar.gz holding the current console log and an older, rotated one compressed as messages.1.gz.
// Run after `npm run build` is not needed: node scripts/build-example-prt.mjs
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { create } from 'tar';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'scripts/example-prt');
const out = join(
  root,
  'examples/doctor/cert-renewed-without-cucm/prt-20200402-091512-SEP682C7B40B5CE.tar.gz',
);
const stage = mkdtempSync(join(tmpdir(), 'vpnphone-prt-'));
try {
  mkdirSync(join(stage, 'logs'));
  writeFileSync(join(stage, 'logs/messages'), readFileSync(join(src, 'logs/messages')));
  // A fixed gzip header time (mtime 0) keeps the archive byte-for-byte reproducible.
  writeFileSync(join(stage, 'logs/messages.1.gz'), gzipSync(readFileSync(join(src, 'logs/messages.1'))));
  await create(
    { gzip: true, cwd: stage, file: out, portable: true, mtime: new Date(Date.UTC(2020, 3, 2, 9, 15, 12)) },
    ['logs/messages', 'logs/messages.1.gz'],
  );
  console.log(`wrote ${out}`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
