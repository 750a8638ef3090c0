// The zip reader on its own, over bytes in memory: the directory, zip64 fields, members, and every refusal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { zipOf } from '../../test/support/zip.js';
import {
  ArchiveError,
  crc32ByTable,
  type RandomAccess,
  readZipDirectory,
  ZIP_MAGIC,
  type ZipLimits,
  zipMemberData,
  zipRefusal,
} from './zip.js';

const LIMITS: ZipLimits = { maxEntries: 100, maxFileBytes: 1 << 30, maxArchiveBytes: 1 << 30, maxRatio: 200 };
const access = (b: Buffer): RandomAccess => ({
  size: b.length,
  read: async (p, n) => b.subarray(p, Math.min(b.length, p + n)),
});

async function text(src: RandomAccess, limits = LIMITS): Promise<Record<string, string>> {
  const { members } = await readZipDirectory(src, limits);
  const out: Record<string, string> = {};
  const budget = { inflated: 0 };
  for (const m of members) {
    if (m.directory) continue;
    const parts: Buffer[] = [];
    for await (const c of zipMemberData(src, m, limits, budget, m.name)) parts.push(c);
    out[m.name] = Buffer.concat(parts).toString('utf8');
  }
  return out;
}

test('stored and deflate members, UTF-8 names and a folder entry come out as written', async () => {
  const z = zipOf([
    { name: 'logs/', data: '' },
    { name: 'logs/console.log', data: 'line one\nline two\n' },
    { name: 'café.txt', data: 'stored', method: 0 },
  ]);
  assert.ok(ZIP_MAGIC(z));
  assert.deepEqual(await text(access(z)), {
    'logs/console.log': 'line one\nline two\n',
    'café.txt': 'stored',
  });
  const { members } = await readZipDirectory(access(z), LIMITS);
  assert.deepEqual(
    members.map((m) => [m.name, m.directory, zipRefusal(m)]),
    [
      ['logs/', true, undefined],
      ['logs/console.log', false, undefined],
      ['café.txt', false, undefined],
    ],
  );
});

test('zip64: the end record and the extra field carry the sizes and offsets', async () => {
  const z = zipOf(
    [
      { name: 'a.log', data: 'alpha\n', zip64Fields: true },
      { name: 'b.log', data: 'beta\n', method: 0, zip64Fields: true },
    ],
    { zip64: true },
  );
  assert.deepEqual(await text(access(z)), { 'a.log': 'alpha\n', 'b.log': 'beta\n' });
});

test('entries past maxEntries are not listed, and the caller is told', async () => {
  const z = zipOf(Array.from({ length: 5 }, (_, i) => ({ name: `f${i}`, data: 'x' })));
  const r = await readZipDirectory(access(z), { ...LIMITS, maxEntries: 2 });
  assert.deepEqual(
    r.members.map((m) => m.name),
    ['f0', 'f1'],
  );
  assert.equal(r.more, true);
});

test('a member past the per-file or archive limit stops with ArchiveError', async () => {
  const z = zipOf([
    { name: 'a', data: 'x'.repeat(5000) },
    { name: 'b', data: 'y'.repeat(5000) },
  ]);
  await assert.rejects(text(access(z), { ...LIMITS, maxFileBytes: 4000 }), (e: Error) => {
    assert.ok(e instanceof ArchiveError);
    assert.match(e.message, /^a: declared size past the limit of 4000 bytes; not read$/);
    return true;
  });
  await assert.rejects(
    text(access(z), { ...LIMITS, maxArchiveBytes: 8000 }),
    /^ArchiveError: b: the archive expands past 8000 bytes; stopped \(limit\)$/,
  );
});

test('not a zip, or cut before its directory: a clear ArchiveError', async () => {
  await assert.rejects(
    readZipDirectory(access(Buffer.from('PK\x03\x04 and then nothing')), LIMITS),
    /no end of central directory: truncated, or not a zip archive/,
  );
  const z = zipOf([{ name: 'a.log', data: 'alpha\n'.repeat(100) }]);
  // The member's data cut short (the directory kept and moved up): its bytes end early, and it says so.
  const cd = z.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  const cut = Buffer.concat([z.subarray(0, 40), z.subarray(cd)]);
  const fixed = Buffer.from(cut);
  // Move the directory offset in the end record to where the directory now is.
  fixed.writeUInt32LE(40, fixed.length - 6);
  await assert.rejects(text(access(fixed)), /^ArchiveError: a\.log: .*\(?truncated\b/);
});

test('the table CRC-32 (for Node without zlib.crc32) gives the check value, continued over chunks', () => {
  const all = Buffer.from('123456789');
  assert.equal(crc32ByTable(0, all), 0xcbf43926);
  assert.equal(crc32ByTable(crc32ByTable(0, all.subarray(0, 4)), all.subarray(4)), 0xcbf43926);
});
