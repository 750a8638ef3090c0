// The input reader: real .tar.gz with nested .gz logs, zips, encodings, the walking policy, and hostile or broken
// archives (never written to disk).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { create } from 'tar';
import { zipOf } from '../../test/support/zip.js';
import { type CollectResult, collectLogs } from './collect.js';
import { DEFAULT_LIMITS, type InputInfo, type InputLimits, readInputs } from './inputs.js';

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

/** What a command is handed: the sources given text, taken whole (with their bytes), and the listing. */
async function read(paths: string[], limits: InputLimits = DEFAULT_LIMITS, wholeKinds: string[] = []) {
  const texts: string[] = [];
  const wholes = new Map<string, Buffer>();
  const textOf = new Map<string, string>();
  const r = await readInputs(
    paths,
    {
      wants: (i: InputInfo) => ({ whole: wholeKinds.includes(i.kind), text: !wholeKinds.includes(i.kind) }),
      whole: (i, b) => {
        wholes.set(i.source, Buffer.from(b));
      },
      text: (i) => {
        texts.push(i.source);
        let t = '';
        return {
          write: (c) => {
            t += c;
          },
          end: () => {
            textOf.set(i.source, Buffer.from(t, 'latin1').toString('utf8'));
          },
        };
      },
    },
    { limits },
  );
  return { ...r, texts, wholes, textOf };
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
      '!screenshot.png unrecognized',
    ]);
  });

  test('absolute paths, `..` and links are refused with a message; only the plain member reaches the command', async () => {
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
    // What the reader handed on: one text, the plain member; the refused ones never reached a sink.
    const seen = await read([archive]);
    assert.deepEqual(seen.texts, [`${archive}!logs/messages`]);
    assert.ok(!r.findings.some((f) => f.message.includes('<evil>')));
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
    // Past the size limit while within the ratio limit (a bomb of one repeated byte is refused by its
    // ratio first: see test/fuzz-findings.test.ts).
    const lines: string[] = [];
    for (let i = 0, n = 0; n < 12 * 1024 * 1024; i++) {
      const l = `Mar 30 12:00:00 host kernel: line ${i} ${(i * 2654435761) % 1000003}\n`;
      lines.push(l);
      n += l.length;
    }
    const bomb = gzipSync(lines.join(''));
    assert.ok(bomb.length * 200 > 12 * 1024 * 1024, `${bomb.length} bytes compressed`);
    const archive = write('bomb.tar', tarOf(tarEntry('logs/messages.1.gz', bomb)));
    const r = await collectLogs([archive], {
      now: NOW,
      limits: { ...DEFAULT_LIMITS, maxFileBytes: 8 * 1024 * 1024 },
    });
    assert.deepEqual(rejected(r), [
      `${archive}!logs/messages.1.gz: more than 8 MiB after decompression; stopped (limit)`,
    ]);
    // The bomb is 12 MiB expanded; reading stopped at 8 MiB, and what the reader held at once (its read
    // buffer, the head, a carried piece of a line) stayed far below either.
    assert.ok(r.peakHeld < 3 * 1024 * 1024, `held ${r.peakHeld} bytes`);
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
      [join(sub, 'phone/console.log'), 'stdin'],
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

describe('zip archives', () => {
  const log = readFileSync(join(FIX, 'ec-cipher.log'));
  const rc = readFileSync(join(process.cwd(), 'examples/audit/lab/running-config.txt'));

  test('stored and deflate members, a folder entry, a nested .gz and .tar.gz: read in place, named zip!member', async () => {
    const src = join(dir, 'zip-src');
    mkdirSync(join(src, 'logs'), { recursive: true });
    writeFileSync(join(src, 'logs/messages'), readFileSync(join(FIX, 'dns-failed.log')));
    const tgz = join(dir, 'inner.tar.gz');
    await create({ gzip: true, cwd: src, file: tgz }, ['logs']);
    const zip = write(
      'rtmt-export.zip',
      zipOf([
        { name: 'asa/', data: '' },
        { name: 'asa/running-config.txt', data: rc, method: 0 },
        { name: 'phone/console.log', data: log },
        { name: 'phone/old.log.gz', data: gzipSync(readFileSync(join(FIX, 'dtls-old-session.log'))) },
        { name: 'prt.tar.gz', data: readFileSync(tgz), method: 0 },
      ]),
    );
    const r = await read([zip], DEFAULT_LIMITS, ['asa-running-config']);
    assert.deepEqual(
      r.inputs.map((i) => `${i.source.slice(zip.length)} ${i.kind}`),
      [
        ' archive',
        '!asa/running-config.txt asa-running-config',
        '!phone/console.log phone-log',
        '!phone/old.log.gz phone-log',
        '!prt.tar.gz archive',
        '!prt.tar.gz!logs/messages phone-log',
      ],
    );
    assert.deepEqual(r.rejected, []);
    assert.deepEqual(r.wholes.get(`${zip}!asa/running-config.txt`), rc);
    assert.equal(r.textOf.get(`${zip}!phone/console.log`), log.toString('utf8'));
    const c = await collectLogs([zip], { now: NOW });
    assert.ok(ids(c).includes('ec-cipher-selected') && ids(c).includes('dns-lookup-failed'), ids(c).join());
  });

  test('zip64 end records are read', async () => {
    const zip = write('zip64.zip', zipOf([{ name: 'console.log', data: log }], { zip64: true }));
    const r = await read([zip]);
    assert.deepEqual(r.texts, [`${zip}!console.log`]);
    assert.deepEqual(r.rejected, []);
  });

  test('traversal, links, devices, encryption and unknown methods are refused by name; the rest is read', async () => {
    const zip = write(
      'hostile.zip',
      zipOf([
        { name: '../../evil.log', data: log },
        { name: '/abs/evil.log', data: log },
        { name: 'C:\\evil.log', data: log },
        { name: 'link', data: '/etc/passwd', mode: 0o120777 },
        { name: 'fifo', data: '', mode: 0o010644 },
        { name: 'secret.log', data: log, flags: 1 },
        { name: 'bzip2.log', data: log, method: 12 },
        { name: 'ok.log', data: log, mode: 0o100644 },
      ]),
    );
    const r = await read([zip]);
    assert.deepEqual(r.texts, [`${zip}!ok.log`]);
    assert.deepEqual(
      r.rejected.map((x) => `${x.source.slice(zip.length)}: ${x.reason}`),
      [
        '!../../evil.log: absolute path or `..` in the entry name refused',
        '!/abs/evil.log: absolute path or `..` in the entry name refused',
        '!C:\\evil.log: absolute path or `..` in the entry name refused',
        '!link: link entry refused',
        '!fifo: entry type other than a file refused',
        '!secret.log: encrypted entry refused (no password is ever asked for)',
        '!bzip2.log: compression method 12 not supported (only stored and deflate)',
      ],
    );
  });

  test('bombs: a ratio past the limit, a size past its declaration, overlapping members, too many entries', async () => {
    const zeros = Buffer.alloc(20 * 1024 * 1024);
    const ratio = write('ratio.zip', zipOf([{ name: 'zeros.log', data: zeros }]));
    const r1 = await read([ratio]);
    assert.match(
      r1.rejected[0]?.reason ?? '',
      /zeros\.log: expands more than 200 times \(a zip bomb\?\); stopped$/,
    );
    assert.ok(r1.peakHeld < 3 * 1024 * 1024, `held ${r1.peakHeld}`);
    const lying = write('lying.zip', zipOf([{ name: 'a.log', data: log, size: 10 }]));
    assert.match(
      (await read([lying])).rejected[0]?.reason ?? '',
      /a\.log: more data than its declared 10 bytes/,
    );
    const overlap = write(
      'overlap.zip',
      zipOf([
        { name: 'a.log', data: log },
        { name: 'b.log', sameDataAs: 0 },
      ]),
    );
    const r3 = await read([overlap]);
    assert.deepEqual(r3.texts, []);
    assert.match(
      r3.rejected[0]?.reason ?? '',
      /members a\.log and b\.log overlap \(a zip bomb\?\); not read/,
    );
    const many = write(
      'many.zip',
      zipOf(Array.from({ length: 8 }, (_, i) => ({ name: `f${i}.log`, data: log }))),
    );
    const r4 = await read([many], { ...DEFAULT_LIMITS, maxEntries: 3 });
    assert.equal(r4.texts.length, 3);
    assert.deepEqual(r4.rejected, [
      { source: many, reason: `${many}: more than 3 entries; stopped (limit)` },
    ]);
  });

  test('a truncated zip and a damaged member each give a clear message', async () => {
    const whole = zipOf([{ name: 'a.log', data: log }]);
    const cut = write('cut.zip', whole.subarray(0, whole.length - 30));
    assert.match(
      (await read([cut])).rejected[0]?.reason ?? '',
      /no end of central directory: truncated, or not a zip archive/,
    );
    const damaged = Buffer.from(whole);
    damaged[40] = (damaged[40] ?? 0) ^ 0xff; // inside a.log's compressed data
    const bad = write('damaged.zip', damaged);
    assert.match(
      (await read([bad])).rejected[0]?.reason ?? '',
      /a\.log: (?:corrupt or truncated deflate data|CRC-32 mismatch|.*declared)/,
    );
  });
});

describe('text encodings', () => {
  const text = readFileSync(join(FIX, 'dns-failed.log'), 'utf8');
  const bom = (b: Buffer) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]);
  const utf16le = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
  const utf16be = (s: string) => {
    const b = Buffer.from(s, 'utf16le');
    b.swap16();
    return Buffer.concat([Buffer.from([0xfe, 0xff]), b]);
  };

  test('UTF-8 with a BOM and UTF-16 LE/BE with a BOM read as the same text, streamed, gzipped or whole', async () => {
    const withSmile = `${text}100 NOT Mar 3 15:00:00.0 (1:1) JAVA: café ☕ 😀\n`;
    const files = [
      write('bom.log', bom(Buffer.from(withSmile))),
      write('le.log', utf16le(withSmile)),
      write('be.log', utf16be(withSmile)),
      write('le.log.gz', gzipSync(utf16le(withSmile))),
    ];
    const r = await read(files);
    assert.deepEqual(
      r.inputs.map((i) => i.kind),
      ['phone-log', 'phone-log', 'phone-log', 'phone-log'],
    );
    for (const f of files) assert.equal(r.textOf.get(f), withSmile, f);
    // Whole: a PowerShell capture of `show version` is the same bytes as the UTF-8 one.
    const sv = readFileSync(join(process.cwd(), 'test/fixtures/asa/seed-show-version.txt'), 'utf8');
    const ps = write('show-version-ps.txt', utf16le(sv.replace(/\n/g, '\r\n')));
    const w = await read([ps], DEFAULT_LIMITS, ['asa-show-version']);
    assert.deepEqual(w.inputs, [{ source: ps, kind: 'asa-show-version' }]);
    assert.equal(w.wholes.get(ps)?.toString('utf8'), sv.replace(/\n/g, '\r\n'));
    const c = await collectLogs([files[1]!], { now: NOW });
    assert.deepEqual(ids(c), ['dns-lookup-failed']);
  });

  test('UTF-16 split at any byte (odd chunks, a surrogate pair cut in two) decodes alike', async () => {
    const s = 'a😀b\nline two é\n';
    const bytes = utf16be(s);
    for (const cut of [1, 2, 3, 4, 5, 7]) {
      const stdin = Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]);
      let got = '';
      await readInputs(
        ['-'],
        {
          wants: () => ({ text: true }),
          text: () => ({
            write: (c) => {
              got += c;
            },
            end: () => {},
          }),
        },
        { stdin },
      );
      assert.equal(Buffer.from(got, 'latin1').toString('utf8'), s, `cut at ${cut}`);
    }
  });
});

describe('the walking policy', () => {
  const rc = readFileSync(join(process.cwd(), 'examples/audit/lab/running-config.txt'));

  test('links to files are read under their own name; links to folders are reported, never followed', async () => {
    const outside = join(dir, 'outside');
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, 'real-config.txt'), rc);
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'sub'), { recursive: true });
    symlinkSync(join(outside, 'real-config.txt'), join(tree, 'running-config.txt'));
    symlinkSync(outside, join(tree, 'elsewhere'));
    symlinkSync(tree, join(tree, 'sub', 'loop'));
    symlinkSync(join(dir, 'no-such-file'), join(tree, 'broken'));
    writeFileSync(join(tree, 'notes.md'), 'AnyConnect for Cisco VPN Phone : Disabled\n');
    writeFileSync(join(tree, 'README'), 'AnyConnect for Cisco VPN Phone : Disabled\n');
    mkdirSync(join(tree, '.git'));
    writeFileSync(join(tree, '.git', 'config'), rc);
    const r = await read([tree], DEFAULT_LIMITS, ['asa-running-config']);
    assert.deepEqual(
      r.inputs.map((i) => [i.source.slice(tree.length), i.kind]),
      [
        ['/broken', 'rejected'],
        ['/elsewhere', 'rejected'],
        ['/running-config.txt', 'asa-running-config'],
        ['/sub/loop', 'rejected'],
      ],
    );
    assert.deepEqual(
      r.rejected.map((x) => x.reason),
      [
        'broken symbolic link; not read',
        'symbolic link to a folder not followed',
        'symbolic link to a folder not followed',
      ],
    );
    assert.deepEqual(r.wholes.get(join(tree, 'running-config.txt')), rc);
  });

  test('a FIFO or a device named on the command line is refused (exit 2), not read; in a folder it is reported', async () => {
    await assert.rejects(
      read(['/dev/zero']),
      /cannot read \/dev\/zero: a character device; only regular files and folders are read/,
    );
    const fifoDir = join(dir, 'with-fifo');
    mkdirSync(fifoDir, { recursive: true });
    const fifo = join(fifoDir, 'pipe.log');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      return; // no mkfifo on this system: the device case above still holds
    }
    await assert.rejects(
      read([fifo]),
      /cannot read .*pipe\.log: a FIFO; only regular files and folders are read/,
    );
    const r = await read([fifoDir]);
    assert.deepEqual(r.rejected, [{ source: fifo, reason: 'a FIFO; only regular files are read' }]);
    assert.deepEqual(r.texts, []);
  });

  test('a file named on the command line is read whatever its name', async () => {
    const notes = write('notes.md', rc);
    const r = await read([notes], DEFAULT_LIMITS, ['asa-running-config']);
    assert.deepEqual(r.inputs, [{ source: notes, kind: 'asa-running-config' }]);
  });
});
