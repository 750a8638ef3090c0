// Worker threads over pieces of a large log give exactly what the one-thread path gives: the same findings
// in the same order with the same evidence and line numbers, the same timeline and years, on every example
// and log fixture and on a generated log whose piece seams cut connection attempts and wrapped phone entries.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type CollectOptions, collectLogs } from '../../src/cli/collect.js';
import { LogWorkers, type ThreadOptions, threadOptions } from '../../src/cli/log-workers.js';
import { pieceCut } from '../../src/logs/parse.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const NOW = Date.UTC(2026, 11, 1, 12);
const ONE: ThreadOptions = { workers: 1, minBytes: 0, pieceBytes: 1 };
const dir = mkdtempSync(join(tmpdir(), 'vpnphone-threads-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function files(d: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(d).sort()) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else out.push(p);
  }
  return out;
}

/** Everything a report is made of, from the one-thread path and from workers over pieces of `pieceBytes`. */
async function both(paths: string[], pieceBytes: number, opts: CollectOptions = {}) {
  const base = { now: NOW, timeline: true, ...opts };
  const one = await collectLogs(paths, { ...base, threads: ONE });
  const many = await collectLogs(paths, { ...base, threads: { workers: 2, minBytes: 0, pieceBytes } });
  const view = (r: typeof one) => ({
    inputs: r.inputs,
    findings: r.findings,
    drafts: r.drafts,
    checked: r.checked,
    notChecked: r.notChecked,
    timeline: { events: r.timeline.events, dropped: r.timeline.dropped, years: [...r.timeline.years] },
  });
  return { one: view(one), many: view(many) };
}

describe('threaded and one-thread paths give identical results', () => {
  const inputs = [
    ...files(join(root, 'examples')),
    ...files(join(root, 'test', 'fixtures', 'logs')),
    ...files(join(root, 'test', 'fixtures', 'failure-logs')),
  ];
  test('there are examples and log fixtures to compare', () => {
    assert.ok(inputs.length > 40, `${inputs.length} inputs`);
  });
  for (const [piece, timeline] of [
    [97, true],
    [1500, false],
  ] as const) {
    test(`every example and log fixture, pieces of ${piece} bytes, timeline ${timeline}`, async () => {
      const { one, many } = await both(inputs, piece, { timeline });
      assert.deepEqual(many.inputs, one.inputs);
      // Finding by finding first, for a readable difference.
      for (let i = 0; i < one.findings.length; i++) assert.deepEqual(many.findings[i], one.findings[i]);
      assert.deepEqual(many, one);
      assert.ok(one.findings.length > 20, `${one.findings.length} findings`);
      if (timeline) assert.ok(one.timeline.events.length > 100, `${one.timeline.events.length} events`);
    });
  }
  test('several inputs at once (the order of sources and findings across them)', async () => {
    const d = join(root, 'examples', 'doctor', 'lab');
    const { one, many } = await both(files(d), 211);
    assert.deepEqual(many, one);
  });
});

/**
 * A phone console log with ASA lines between: attempts that fail after an EC suite with the hash stated,
 * DNS failures, DTLS alerts; entries wrapped after a hyphen and at a space; a sequence restart; December
 * into January (the year clock); a few lines without a break at the end.
 */
function generated(attempts: number): string {
  const L: string[] = [];
  let seq = 1000;
  let minute = 0;
  const t = () => {
    const m = minute++;
    const mon = m < attempts * 3 ? 'Dec' : 'Jan';
    const day = 1 + (Math.floor(m / 1440) % 28);
    const hh = String(Math.floor(m / 60) % 24).padStart(2, '0');
    const mm = String(m % 60).padStart(2, '0');
    return `${mon} ${String(day).padStart(2, ' ')} ${hh}:${mm}:07.${String(seq).padStart(6, '0')}`;
  };
  const p = (sev: string, rest: string) => L.push(`${seq++} ${sev} ${t()} (393:393) ${rest}`);
  for (let a = 0; a < attempts; a++) {
    if (a === Math.floor(attempts / 2)) seq = 3; // the phone restarted
    p('INF', 'JAVA-sipservice: SIP REGISTER refresh sent to 10.10.0.21:5060 expires=3600');
    p('NOT', 'VPNC: -do_login: URL -> https://vpn.example.com/phones');
    p('NOT', 'VPNC: -protocol_handler: current cipher -> ECDHE-RSA-AES256-GCM-SHA384:AES256-SHA');
    const kind = a % 5;
    if (kind === 0) {
      // Wrapped after a hyphen, inside a suite name.
      p('NOT', 'VPNC: -protocol_handler: new cipher -> ECDHE-RSA-AES256-GCM-');
      L.push('SHA384');
      p('ERR', 'VPNC: -verify_cert_hash: server certificate hash not matched');
      p('NOT', 'VPNC: -set_login_state: LOGIN: 1 (TRYING) --> 3 (FAILED)');
    } else if (kind === 1) {
      p('NOT', 'VPNC: -protocol_handler: new cipher -> AES256-SHA');
      p('NOT', 'VPNC: -set_login_state: LOGIN: 1 (TRYING) --> 2 (SUCCESS)');
      p('NOT', 'VPNC: -process_connect: x-dtls-ciphersuite: AES256-SHA');
      // Wrapped at a space, three lines.
      p('ERR', 'VPNC: -alert_err: DTLS write alert: code 47,');
      L.push('illegal');
      L.push('parameter');
      p('WRN', 'VPNC: -protocol_handler: connect : err: SSL success DTLS fail');
    } else if (kind === 2) {
      p('ERR', 'VPNC: -vpnc_get_host_ip: gethostbyname failed <vpn.example.com>');
      p('NOT', 'VPNC: -vpnc_send_notify: notify type: 2 [DnsLookupErr]');
    } else if (kind === 3) {
      p('NOT', 'VPNC: -protocol_handler: new cipher -> ECDHE-RSA-AES256-GCM-SHA384');
      p('DEB', 'VPNC: -dpd_handler: keepalive sent');
      p('NOT', 'VPNC: -set_login_state: LOGIN: 1 (TRYING) --> 3 (FAILED)');
    } else {
      p('NOT', 'VPNC: -protocol_handler: new cipher -> AES256-SHA');
      p('NOT', 'VPNC: -process_connect: CONNECT response 200');
    }
    L.push(
      `Dec  ${1 + (a % 27)} 10:0${a % 10}:00 asa-1 : %ASA-6-725014: SSL lib error. Function: ssl3_get_client_hello Reason: no shared cipher`,
    );
    for (let i = 0; i < 3; i++) p('DEB', 'kernel: eth0: link up, 1000Mbps, full-duplex, lpa 0xC1E1');
  }
  return `${L.join('\n')}\n9 NOT Jan 28 23:59:59.000000 (393:393) VPNC: -do_login: URL -> https://vpn.example.com/x`;
}

describe('a generated log cut in pieces', () => {
  const text = generated(3000);
  const path = join(dir, 'generated.log');
  writeFileSync(path, text);
  const bytes = Buffer.byteLength(text);

  test('nominal seams fall inside wrapped entries and inside attempts (the test cuts what it means to)', () => {
    const piece = 4099;
    let wrapped = 0;
    let inAttempt = 0;
    for (let at = piece; at < bytes; at += piece) {
      const lineStart = text.lastIndexOf('\n', at - 1) + 1;
      const line = text.slice(lineStart, text.indexOf('\n', at));
      if (!/^\d+ [A-Z]{3} /.test(line)) wrapped++;
      const lastLogin = text.lastIndexOf('do_login', at);
      const nextEnd = text.indexOf('kernel', at);
      if (lastLogin >= 0 && nextEnd > at && !text.slice(lastLogin, at).includes('kernel')) inAttempt++;
    }
    assert.ok(wrapped > 5, `${wrapped} seams on continuation lines`);
    assert.ok(inAttempt > 20, `${inAttempt} seams inside attempts`);
  });

  for (const piece of [4099, 65536]) {
    test(`pieces of ${piece} bytes: the same findings, evidence, line numbers, timeline and years`, async () => {
      const { one, many } = await both([path], piece);
      assert.deepEqual(many, one);
      const ids = new Set<string>(one.findings.map((f) => f.id));
      for (const id of ['dns-lookup-failed', 'headend-cert-rejected', 'asa-no-shared-cipher'])
        assert.ok(ids.has(id), `${id} among ${[...ids].join(', ')}`);
      // December into January: the year clock went on across the pieces.
      const years = new Set(one.timeline.events.map((e) => new Date(e.time ?? 0).getUTCFullYear()));
      assert.ok(years.size >= 2, [...years].join(', '));
    });
  }

  test('without a timeline (only the kinds the checks read cross from the workers)', async () => {
    const { one, many } = await both([path], 8191, { timeline: false });
    assert.deepEqual(many, one);
  });
});

describe('pieceCut', () => {
  const text = generated(200);
  test('never cuts where a wrapped entry goes on, and the cut depends on the text, not the window', () => {
    for (let from = 1; from < text.length - 2000; from += 97) {
      const cut = pieceCut(text, from, 64 * 1024, true, true);
      assert.ok(cut >= from && text[cut - 1] === '\n', `cut ${cut} from ${from}`);
      const line = text.slice(cut, text.indexOf('\n', cut));
      const prev = text.slice(text.lastIndexOf('\n', cut - 2) + 1, cut - 1);
      // A continuation line is never the first of a piece unless no entry header is within reach.
      if (!/^\d+ [A-Z]{3} /.test(line)) assert.ok(!/^\d+ [A-Z]{3} /.test(prev), `${prev} | ${line}`);
      // The same cut through a window beginning `back` before `from` (as a worker reads it).
      const w0 = Math.max(0, from - 64 * 1024);
      const w1 = from + 4096;
      const windowed = pieceCut(text.slice(w0, w1), from - w0, 64 * 1024, w0 === 0, false);
      if (text.indexOf('\n', cut) < w1) assert.equal(w0 + windowed, cut);
      else assert.ok(windowed < 0 || w0 + windowed === cut);
    }
  });
});

describe('the workers', () => {
  test('VPNPHONE_THREADS=2 asks for two threads, 1 and the default keep one; never more than the cores', () => {
    assert.equal(new LogWorkers(threadOptions({ VPNPHONE_THREADS: '1' })).worth(1 << 30), false);
    assert.equal(new LogWorkers(threadOptions({})).worth(1 << 30), false);
    const two = threadOptions({ VPNPHONE_THREADS: '2' });
    assert.equal(new LogWorkers(two).worth(1 << 30), availableParallelism() >= 2);
    assert.equal(new LogWorkers(two).worth(1024), false, 'a small input starts no worker');
    assert.ok(threadOptions({ VPNPHONE_THREADS: '64' }).workers <= availableParallelism());
  });

  test('an error in a worker is the error the one-thread path throws, and the workers end', async () => {
    const missing = join(dir, 'gone.log');
    const w = new LogWorkers({ workers: 2, minBytes: 0, pieceBytes: 10 });
    const opts = { source: missing, kinds: undefined, latin1: true, fullLines: undefined };
    const err = await w
      .read(missing, 0, 100, opts, () => {})
      .then(
        () => undefined,
        (e: NodeJS.ErrnoException) => e,
      );
    const own = await import('node:fs/promises').then((fs) =>
      fs.open(missing, 'r').then(
        () => undefined,
        (e: NodeJS.ErrnoException) => e,
      ),
    );
    assert.ok(err && own);
    assert.equal(err.message, own.message);
    assert.equal(err.code, 'ENOENT');
    await w.close();
    // Closed: a new read starts new workers and still works.
    writeFileSync(missing, '1 NOT Jan  1 00:00:00.0 (1:1) VPNC: -do_login: URL -> https://x/y\n');
    let events = 0;
    await w.read(missing, 0, statSync(missing).size, opts, (p) => {
      events += p.count;
    });
    await w.close();
    assert.equal(events, 1);
  });
});
