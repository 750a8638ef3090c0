// Reading collected inputs: real .tar.gz with nested .gz logs, and hostile or broken archives (never written to disk).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { create } from 'tar';
import { type CollectResult, collectLogs } from './collect.js';
import { DEFAULT_LIMITS } from './inputs.js';

const FIX = join(process.cwd(), 'test/fixtures/logs');
const dir = mkdtempSync(join(tmpdir(), 'vpnphone-inputs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** One ustar header block + content blocks, built by hand so tests can write what `tar` would refuse to. */
function tarEntry(name: string, content: Buffer, type = '0', linkname = '', declaredSize?: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write('0000644\0', 100, 'latin1');
  h.write('0000000\0', 108, 'latin1');
  h.write('0000000\0', 116, 'latin1');
  h.write(`${(declaredSize ?? content.length).toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  h.write(
    `${Math.floor(Date.UTC(2020, 2, 30) / 1000)
      .toString(8)
      .padStart(11, '0')}\0`,
    136,
    'latin1',
  );
  h.write('        ', 148, 'latin1');
  h.write(type, 156, 'latin1');
  h.write(linkname, 157, 100, 'utf8');
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  const pad = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([h, content, pad]);
}

function tarOf(...entries: Buffer[]): Buffer {
  return Buffer.concat([...entries, Buffer.alloc(1024)]);
}

function write(name: string, data: Buffer | string): string {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
}

const ids = (r: CollectResult) => r.findings.map((f) => f.id).sort();
const rejected = (r: CollectResult) =>
  r.findings.filter((f) => f.id === 'input-rejected').map((f) => f.message);
const NOW = Date.UTC(2020, 5, 1);

describe('problem report archives', () => {
  test('a real .tar.gz with nested .gz logs is read as a stream, sources named archive!member', async () => {
    const src = join(dir, 'prt-src');
    mkdirSync(join(src, 'logs'), { recursive: true });
    writeFileSync(join(src, 'logs/messages.0.gz'), gzipSync(readFileSync(join(FIX, 'dtls-old-session.log'))));
    writeFileSync(join(src, 'logs/messages'), readFileSync(join(FIX, 'dns-failed.log')));
    writeFileSync(
      join(src, 'screenshot.png'),
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), randomBytes(2000)]),
    );
    const archive = join(dir, 'prt-20200330.tar.gz');
    await create({ gzip: true, cwd: src, file: archive }, ['logs', 'screenshot.png']);
    const r = await collectLogs([archive], { now: NOW });
    assert.deepEqual(ids(r), [
      'dns-lookup-failed',
      'dtls-failed-tls-ok',
      'dtls-old-session-cipher',
      'unrecognized-input',
    ]);
    const old = r.findings.find((f) => f.id === 'dtls-old-session-cipher')!;
    assert.equal(old.evidence[0]?.source, `${archive}!logs/messages.0.gz`);
    assert.equal(old.evidence[0]?.line, 1);
    const listed = r.inputs.map((i) => `${i.source.slice(archive.length)} ${i.kind}`).sort();
    assert.deepEqual(listed, [
      ' archive',
      '!logs/messages phone-log',
      '!logs/messages.0.gz phone-log',
      '!screenshot.png binary',
    ]);
  });

  test('absolute paths, `..` and links are refused with a message; the rest is read; nothing is written', async () => {
    const good = readFileSync(join(FIX, 'ec-cipher.log'));
    const evil = Buffer.from('3000 ERR Mar 30 12:00:00.0 VPNC: -parse_url: gethostbyname failed <evil>\n');
    const archive = write(
      'traversal.tar',
      tarOf(
        tarEntry('../../evil.txt', evil),
        tarEntry('/tmp/vpnphone-evil-abs.txt', evil),
        tarEntry('logs/link', Buffer.alloc(0), '2', '/etc/passwd'),
        tarEntry('logs/hard', Buffer.alloc(0), '1', 'logs/messages'),
        tarEntry('logs/messages', good),
      ),
    );
    const r = await collectLogs([archive], { now: NOW });
    assert.deepEqual(ids(r), [
      'ec-cipher-selected',
      'input-rejected',
      'input-rejected',
      'input-rejected',
      'input-rejected',
    ]);
    const why = rejected(r).join('\n');
    assert.match(why, /absolute path or `\.\.` in the entry name refused/);
    assert.match(why, /link entry refused \(SymbolicLink -> \/etc\/passwd\)/);
    assert.match(why, /link entry refused \(Link -> logs\/messages\)/);
    assert.ok(!existsSync(join(dir, '..', '..', 'evil.txt')));
    assert.ok(!existsSync(join(process.cwd(), '..', '..', 'evil.txt')));
    assert.ok(!existsSync('/tmp/vpnphone-evil-abs.txt'));
  });

  test('an entry whose declared size is past the limit stops the archive with a message', async () => {
    const archive = write(
      'bomb-entry.tar.gz',
      gzipSync(
        tarOf(
          tarEntry('logs/huge', Buffer.alloc(3 * 1024 * 1024)),
          tarEntry('logs/after', Buffer.from('x\n')),
        ),
      ),
    );
    const r = await collectLogs([archive], {
      now: NOW,
      limits: { ...DEFAULT_LIMITS, maxFileBytes: 1024 * 1024 },
    });
    assert.deepEqual(rejected(r), [
      `${archive}!logs/huge: entry of 3 MiB exceeds the limit of 1 MiB; archive reading stopped`,
    ]);
    assert.ok(!r.inputs.some((i) => i.source.endsWith('!logs/after')));
  });

  test('a nested .gz that expands past the limit (a decompression bomb) is cut with a message', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x41));
    assert.ok(bomb.length < 200_000);
    const archive = write('bomb.tar', tarOf(tarEntry('logs/messages.1.gz', bomb)));
    const before = process.memoryUsage().rss;
    const r = await collectLogs([archive], {
      now: NOW,
      limits: { ...DEFAULT_LIMITS, maxFileBytes: 8 * 1024 * 1024 },
    });
    assert.deepEqual(rejected(r), [
      `${archive}!logs/messages.1.gz: more than 8 MiB after decompression; stopped (limit)`,
    ]);
    // The bomb is 64 MiB expanded; reading stopped at 8 MiB and never held it whole.
    assert.ok(process.memoryUsage().rss - before < 64 * 1024 * 1024);
  });

  test('more entries than the limit stops the archive', async () => {
    const entries = Array.from({ length: 20 }, (_, i) => tarEntry(`logs/f${i}`, Buffer.from('hello\n')));
    const archive = write('many.tar', tarOf(...entries));
    const r = await collectLogs([archive], { now: NOW, limits: { ...DEFAULT_LIMITS, maxEntries: 5 } });
    assert.deepEqual(rejected(r), [`${archive}: more than 5 entries; stopped (limit)`]);
  });

  test('a truncated .tar.gz gives a clear message and keeps what was read', async () => {
    const whole = gzipSync(
      tarOf(
        tarEntry('logs/messages', readFileSync(join(FIX, 'ec-cipher.log'))),
        tarEntry(
          'logs/noise',
          Buffer.from(
            randomBytes(200_000)
              .toString('base64')
              .replace(/(.{80})/g, '$1\n'),
          ),
        ),
      ),
    );
    const archive = write('truncated.tar.gz', whole.subarray(0, Math.floor(whole.length / 2)));
    const r = await collectLogs([archive], { now: NOW });
    assert.match(
      rejected(r).join('\n'),
      /truncated\.tar\.gz: corrupt or truncated gzip data \(unexpected end of file\)/,
    );
    assert.ok(ids(r).includes('ec-cipher-selected'));
  });
});

describe('other inputs', () => {
  test('binary junk is reported as unrecognized, and junk with a gzip magic as corrupt gzip', async () => {
    const junk = write('junk.bin', Buffer.concat([Buffer.from([0, 1, 2, 3]), randomBytes(50_000)]));
    const fakeGz = write('fake.gz', Buffer.concat([Buffer.from([0x1f, 0x8b]), randomBytes(5000)]));
    const r = await collectLogs([junk, fakeGz], { now: NOW });
    assert.deepEqual(ids(r), ['input-rejected', 'unrecognized-input']);
    assert.match(rejected(r)[0]!, /fake\.gz: corrupt or truncated gzip data/);
  });

  test('a folder is walked; standard input is read with -', async () => {
    const sub = join(dir, 'collected');
    mkdirSync(join(sub, 'phone'), { recursive: true });
    writeFileSync(join(sub, 'phone/console.log'), readFileSync(join(FIX, 'autodetect.log')));
    const stdin = Readable.from([readFileSync(join(FIX, 'dtls-mismatch.log'))]);
    const r = await collectLogs([sub, '-'], { now: NOW, stdin });
    assert.deepEqual(ids(r), ['dtls-cipher-mismatch', 'vpn-auto-started']);
    assert.deepEqual(
      r.inputs.map((i) => i.source),
      [join(sub, 'phone/console.log'), '-'],
    );
  });
});

test('non-ASCII text in a log line reaches the evidence as UTF-8', async () => {
  const line = '3837 ERR Mar 3 15:38:32.864376 VPNC: -parse_url: gethostbyname failed <vpn.bücher.example>\n';
  const p = write('utf8.log', `${'100 NOT Mar 3 15:00:00.0 (1:1) JAVA: café ☕\n'.repeat(3)}${line}`);
  const r = await collectLogs([p], { now: NOW });
  const f = r.findings.find((x) => x.id === 'dns-lookup-failed')!;
  assert.equal(f.evidence.at(-1)?.text, line.trimEnd());
  assert.match(f.message, /vpn\.bücher\.example/);
});

test('a plain file larger than the read buffer: line numbers across reads, an over-long line, no final break', async () => {
  const filler = (i: number) =>
    `${i} INF Mar 3 15:00:00.000000 (1:1) JAVA-sipservice: REGISTER refresh ${'x'.repeat(i % 97)}`;
  const lines: string[] = [];
  for (let i = 1; i <= 30_000; i++) lines.push(filler(i));
  lines.push('y'.repeat(1_500_000)); // line 30001: longer than the read buffer
  for (let i = 30_002; i <= 45_000; i++) lines.push(filler(i));
  const target = '45001 ERR Mar 3 15:38:32.864376 VPNC: -parse_url: gethostbyname failed <vpn.example.com>';
  lines.push(target); // line 45001, without a final line break
  const p = write('big.log', lines.join('\r\n'));
  const r = await collectLogs([p], { now: NOW });
  const f = r.findings.find((x) => x.id === 'dns-lookup-failed');
  assert.deepEqual(f?.evidence, [{ source: p, line: 45_001, text: target }]);
  assert.deepEqual(r.inputs, [{ source: p, kind: 'phone-log' }]);
});
