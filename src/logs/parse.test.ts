// The streaming parser: wrapped phone lines, year-less timestamps, sequence restarts, ASA and ocserv shapes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { logPathsDiffer } from '../../fuzz/log-paths.js';
import { Rng } from '../../fuzz/prng.js';
import { filesUnder } from '../../test/support/paths.js';
import type { EventKind, LogEvent } from './event.js';
import { LineSplitter, LogParser, LogScanner, logFormatsOf, parseLogText } from './parse.js';

const NOW = Date.UTC(2020, 5, 1);

describe('phone console lines', () => {
  test('a line wrapped inside a cipher name is joined back without a space, and keeps its first line number', () => {
    const text =
      'x\n2101 NOT Mar 30 12:23:21.331861 (393:393) VPNC: -protocol_handler: new cipher -> ECDHE-RSA-\n' +
      'AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA:AES128-SHA\n';
    const [e] = parseLogText(text, 'p.log', { now: NOW });
    assert.ok(e);
    assert.equal(e.kind, 'tls-cipher-new');
    assert.equal(e.line, 2);
    assert.equal(e.endLine, 3);
    assert.equal(
      e.fields.ciphers,
      'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA:AES128-SHA',
    );
    assert.equal(e.process, 'VPNC');
    assert.equal(e.fields.pid, '393');
    assert.equal(e.severity, 'notice');
    assert.equal(e.time, Date.UTC(2020, 2, 30, 12, 23, 21, 331));
  });

  test('a line wrapped between words is joined with a space', () => {
    const text =
      '3251 ERR Mar 29 15:22:38.951462 (385:385) VPNC: -alert_err: DTLS write alert: code 47, illegal\nparameter\n';
    const [e] = parseLogText(text, 'p.log', { now: NOW });
    assert.equal(
      e?.text,
      '3251 ERR Mar 29 15:22:38.951462 (385:385) VPNC: -alert_err: DTLS write alert: code 47, illegal parameter',
    );
    assert.equal(e?.fields.code, '47');
    assert.equal(e?.severity, 'error');
  });

  test('lines without (pid:tid) parse, dnsmasq included', () => {
    const ev = parseLogText(
      '3837 ERR Mar 3 15:38:32.864376 VPNC: -parse_url: gethostbyname failed <asav.sckiewer.lab>\n' +
        '3829 INF Mar 3 15:38:03.835004 dnsmasq[322]: forwarded asav.sckiewer.lab to 192.168.1.1\n',
      'p.log',
      { now: NOW },
    );
    assert.deepEqual(
      ev.map((e) => [e.kind, e.process, e.fields.host]),
      [
        ['dns-failed', 'VPNC', 'asav.sckiewer.lab'],
        ['dns-forwarded', 'dnsmasq[322]', 'asav.sckiewer.lab'],
      ],
    );
  });

  test('an elision line (...) between excerpts is not joined to the line before', () => {
    const [e] = parseLogText(
      '3816 NOT Mar 3 15:38:03.819168 VPNC: -do_login: URL -> https://a.example/phone\n...\n',
      'p',
      {
        now: NOW,
      },
    );
    assert.equal(e?.endLine, 1);
    assert.equal(e?.fields.url, 'https://a.example/phone');
  });

  test('normal lines of other processes give no event', () => {
    const ev = parseLogText(
      '100 NOT Mar 3 15:38:03.819168 (1:1) JAVA-sipservice: registered\n101 INF Mar 3 15:38:03.819168 kernel: eth0 up\n',
      'p',
      { now: NOW },
    );
    assert.equal(ev.length, 0);
  });

  test('year-less timestamps cross a new year in order', () => {
    const ev = parseLogText(
      '10 NOT Dec 31 23:59:59.900000 VPNC: -do_login: URL -> https://a/b\n11 NOT Jan 1 00:00:01.000000 VPNC: -do_login: URL -> https://a/b\n',
      'p',
      { now: Date.UTC(2021, 0, 1, 12) },
    );
    assert.equal(ev[0]?.time, Date.UTC(2020, 11, 31, 23, 59, 59, 900));
    assert.equal(ev[1]?.time, Date.UTC(2021, 0, 1, 0, 0, 1, 0));
  });

  test('the first timestamp is never placed in the future', () => {
    const [e] = parseLogText('10 NOT Dec 30 10:00:00.0 VPNC: -do_login: URL -> https://a/b\n', 'p', {
      now: Date.UTC(2021, 2, 1),
    });
    assert.equal(new Date(e!.time!).getUTCFullYear(), 2020);
  });

  test('sequence numbers that restart are counted', () => {
    const events: LogEvent[] = [];
    const p = new LogParser({ source: 'p', now: NOW, onEvent: (e) => events.push(e) });
    for (const l of [
      '5000 NOT Mar 3 10:00:00.0 (1:1) JAVA: a',
      '5001 NOT Mar 3 10:00:01.0 (1:1) JAVA: b',
      '1 NOT Mar 3 10:05:00.0 (1:1) kernel: boot',
      '2 NOT Mar 3 10:05:01.0 (1:1) kernel: c',
    ])
      p.line(l);
    p.end();
    assert.equal(p.stats.sequenceRestarts, 1);
    assert.equal(p.stats.phoneLines, 4);
  });
});

describe('ASA lines', () => {
  test('syslog with a header, buffered with a year, bare, and ISO time', () => {
    const ev = parseLogText(
      [
        '<166>Mar 30 2020 12:23:21 sckiewer-ASAv : %ASA-6-725014: SSL lib error. Function: ssl3_get_client_hello Reason: no shared cipher',
        'Mar 30 2020 12:23:22: %ASA-4-722043: Group <vpn-phone-policy> User <CP-8861-SEP682C7B40B5CE> IP <192.168.1.52> DTLS disabled: unable to negotiate cipher',
        '%ASA-3-717009: Certificate validation failed. No suitable trustpoints found to validate certificate serial number: 1A, subject name: CN=CP-8861-SEP682C7B40B5CE.',
        '2020-03-30T12:23:25.100Z asa %ASA-3-725017: No certificates received during the handshake with client outside:192.168.1.52/50000',
        'Mar 30 12:23:26 10.0.0.1 %ASA-6-113005: AAA user authentication Rejected : reason = AAA failure : user = jdoe',
      ].join('\n'),
      'asa.log',
      { now: NOW },
    );
    assert.deepEqual(
      ev.map((e) => [e.kind, e.fields.id, e.format]),
      [
        ['headend-no-shared-cipher', '725014', 'asa'],
        ['headend-dtls-cipher-failed', '722043', 'asa'],
        ['headend-client-cert-invalid', '717009', 'asa'],
        ['headend-no-client-cert', '725017', 'asa'],
        ['headend-auth-rejected', '113005', 'asa'],
      ],
    );
    assert.equal(ev[0]?.time, Date.UTC(2020, 2, 30, 12, 23, 21));
    assert.equal(ev[1]?.fields.user, 'CP-8861-SEP682C7B40B5CE');
    assert.equal(ev[4]?.fields.user, 'jdoe');
    assert.equal(ev[4]?.fields.stage, 'authentication');
    assert.equal(ev[4]?.fields.reason, 'AAA failure');
    assert.equal(ev[2]?.time, undefined);
    assert.equal(ev[3]?.time, Date.UTC(2020, 2, 30, 12, 23, 25, 100));
    assert.equal(ev[0]?.severity, 'info');
    assert.equal(ev[2]?.severity, 'error');
  });

  test('a user the ASA masks or does not know is no user', () => {
    const ev = parseLogText(
      [
        'Mar 30 2020 12:23:26: %ASA-6-113005: AAA user authorization Rejected : reason = Unspecified : server = 10.202.192.10 : user = <Unknown>',
        'Mar 30 2020 12:23:26: %ASA-6-113005: AAA user authentication Rejected : reason = AAA failure : server = 10.1.1.20 : user = ***** : user IP = 192.0.2.7',
        'Mar 30 2020 12:23:27: %ASA-4-716039: Group <DfltGrpPolicy> User <Unknown> IP <192.0.2.7> Authentication: rejected, Session Type: WebVPN.',
        'Mar 30 2020 12:23:28: %ASA-6-113005: AAA user authentication Rejected : reason = AAA failure : server = 10.1.1.20 : user = unknownuser',
      ].join('\n'),
      'asa.log',
      { now: NOW },
    );
    assert.deepEqual(
      ev.map((e) => [e.kind, e.fields.user]),
      [
        ['headend-auth-rejected', undefined],
        ['headend-auth-rejected', undefined],
        ['headend-auth-rejected', undefined],
        ['headend-auth-rejected', 'unknownuser'],
      ],
    );
  });

  test('711001 debug output and raw debug lines: the DTLS cipher header', () => {
    const ev = parseLogText(
      "Mar 30 2020 12:23:23: %ASA-7-711001: Processing CSTP header line: 'X-DTLS-CipherSuite: AES256-SHA:AES128-SHA'\n" +
        "Processing CSTP header line: 'X-DTLS-CipherSuite: AES128-SHA'\n" +
        'Mar 30 2020 12:23:23: %ASA-7-711001: webvpn_rx_data_tunnel_connect\n',
      'asa.log',
      { now: NOW },
    );
    assert.deepEqual(
      ev.map((e) => [e.kind, e.fields.ciphers]),
      [
        ['headend-dtls-header', 'AES256-SHA:AES128-SHA'],
        ['headend-dtls-header', 'AES128-SHA'],
      ],
    );
  });
});

/** Every example and fixture text that holds an ASA tag (logs, show outputs, held-out inputs, prose that quotes one). */
function asaTexts(): { name: string; text: string }[] {
  return filesUnder(['examples', 'test/fixtures'])
    .map((name) => ({ name, text: readFileSync(name, 'utf8') }))
    .filter(({ text }) => !text.includes('\0') && text.includes('%ASA-'));
}

describe('Firepower Threat Defense lines (%FTD-) and message classes (%ASA-svc-6-)', () => {
  const texts = asaTexts();
  const ftd = (t: string) => t.replaceAll('%ASA-', '%FTD-');
  // The class some headends write before the severity, by message family (`logging` classes).
  const CLASSES: Record<string, string> = { '11': 'auth', '71': 'webvpn', '72': 'svc', '73': 'ipaa' };
  const classed = (t: string) =>
    t.replace(
      /%ASA-([0-7])-(\d\d)/g,
      (_m, sev: string, fam: string) => `%ASA-${CLASSES[fam] ?? 'ssl'}-${sev}-${fam}`,
    );
  const asTagged = (e: LogEvent) => ({ ...e, text: e.text.replace(/%(?:ASA|FTD)-(?:[a-z]+-)?/g, '%ASA-') });

  test('the same events as the ASA lines they copy, tagged %FTD- or with a class, on both parser paths', () => {
    assert.ok(texts.length >= 20, `${texts.length} texts`);
    let events = 0;
    for (const { name, text } of texts) {
      const asa = parseLogText(text, 's', { now: NOW });
      events += asa.length;
      const fp = parseLogText(ftd(text), 's', { now: NOW });
      assert.deepEqual(
        fp.map((e) => ({ ...asTagged(e), process: e.process.replace(/^%FTD-/, '%ASA-') })),
        asa,
        name,
      );
      for (const e of fp) if (e.format === 'asa') assert.match(e.process, /^%FTD-\d-\d{6}$/, name);
      const cl = parseLogText(classed(text), 's', { now: NOW });
      assert.deepEqual(cl.map(asTagged), asa, `${name} with classes`);
      for (const t of [ftd(text), classed(text), ftd(classed(text))]) {
        assert.deepEqual(logFormatsOf(t), logFormatsOf(text), name);
        assert.equal(logPathsDiffer(t, { chunks: [65536, 97] }), undefined, name);
      }
    }
    assert.ok(events > 50, `${events} ASA events`);
    assert.ok(texts.some(({ text }) => classed(text).includes('%ASA-svc-')));
  });

  test('an ASA and an FTD line side by side, and a tag in prose, as the ASA reads them', () => {
    const ev = parseLogText(
      [
        'May  5 17:51:17 dev01: %FTD-6-725014: SSL lib error. Function: ssl3_get_client_hello Reason: no shared cipher',
        'May  5 17:51:18 dev01: %ASA-6-725014: SSL lib error. Function: ssl3_get_client_hello Reason: no shared cipher',
        'The firewall logged %FTD-6-725014: SSL lib error. Function: ssl3_get_client_hello Reason: no shared cipher',
        'May  5 17:51:19 dev01: %FTDX-6-725014: SSL lib error.',
        'May  5 17:51:20 dev01: %FTD-ssl-6-725014: SSL lib error. Function: ssl3_get_client_hello Reason: no shared cipher',
        'May  5 17:51:21 dev01: %ASA-SSL-6-725014: SSL lib error. Function: ssl3_get_client_hello Reason: no shared cipher',
        'May  5 17:51:22 dev01: %ASA-ssl6-725014: SSL lib error. Function: ssl3_get_client_hello Reason: no shared cipher',
      ].join('\n'),
      'fw.log',
      { now: NOW },
    );
    assert.deepEqual(
      ev.map((e) => [e.line, e.kind, e.process]),
      [
        [1, 'headend-no-shared-cipher', '%FTD-6-725014'],
        [2, 'headend-no-shared-cipher', '%ASA-6-725014'],
        [5, 'headend-no-shared-cipher', '%FTD-6-725014'],
      ],
    );
  });
});

describe('ocserv lines', () => {
  test('journal lines of main, worker and sec-mod', () => {
    const ev = parseLogText(
      [
        "Mar 30 12:23:21 vpn ocserv[1201]: worker: 192.168.1.52 auth complete (with cert) for user 'CP-8861-SEP682C7B40B5CE'",
        'Mar 30 12:23:22 vpn ocserv[1202]: worker: 192.168.1.53 certificate verification failed: The certificate is NOT trusted. The certificate issuer is unknown.',
        'Mar 30 12:23:23 vpn ocserv[1203]: worker: 192.168.1.54 error in TLS handshake: Could not negotiate a supported cipher suite.',
        'Mar 30 12:23:24 vpn ocserv[1204]: worker: 192.168.1.55 no certificate provided for user authentication',
        'Mar 30 12:23:25 vpn ocserv[1205]: main[CP-8861-SEP682C7B40B5CE]:192.168.1.52:50000 DTLS ciphersuite: AES256-SHA',
        "Mar 30 12:23:26 vpn ocserv[1100]: sec-mod: failed authentication for 'jdoe'",
      ].join('\n'),
      'oc.log',
      { now: NOW },
    );
    assert.deepEqual(
      ev.map((e) => e.kind),
      [
        'headend-auth-ok',
        'headend-client-cert-invalid',
        'headend-no-shared-cipher',
        'headend-no-client-cert',
        'headend-dtls-cipher',
        'headend-auth-rejected',
      ],
    );
    assert.equal(ev[0]?.fields.user, 'CP-8861-SEP682C7B40B5CE');
    assert.equal(ev[0]?.fields.phone, 'yes');
    assert.equal(ev[4]?.fields.cipher, 'AES256-SHA');
  });
});

describe('LineSplitter', () => {
  test('lines across chunks, CRLF, and a last line without a break', () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l));
    for (const c of ['ab', 'c\r\nde', 'f\n\ng', 'h']) s.write(c);
    s.end();
    assert.deepEqual(lines, ['abc\r', 'def', '', 'gh']);
  });

  test('an over-long line is cut and counted as one line', () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l));
    const big = 'x'.repeat(600_000);
    s.write(big);
    s.write(big);
    s.write(big);
    s.write('\nnext\n');
    s.end();
    assert.equal(lines.length, 2);
    assert.equal(lines[0]?.length, 4096);
    assert.equal(lines[1], 'next');
  });
});

describe('LogScanner fast path', () => {
  test('gives exactly the events of feeding every line, in any chunking', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = join(process.cwd(), 'test/fixtures/logs');
    const parts = readdirSync(dir)
      .sort()
      .map((f) => readFileSync(join(dir, f), 'utf8'));
    const noise = [
      '100 NOT Mar 30 12:00:00.000001 (1:1) JAVA-sipservice: REGISTER refresh',
      'Mar 30 2020 12:00:01: %ASA-6-302013: Built inbound TCP connection 1 for outside:1.2.3.4/5 to identity:5.6.7.8/443',
      'Mar 30 2020 12:00:02: %ASA-7-711001: webvpn_cstp_parse_request_field()',
      "Mar 30 2020 12:00:03: %ASA-7-711001: Processing CSTP header line: 'X-DTLS-CipherSuite: AES256-SHA'",
      'Mar 30 2020 12:00:04: %ASA-7-725014: SSL lib error. Function: x Reason: wrong version number',
      'Mar 30 12:00:05 vpn ocserv[12]: worker: 1.2.3.4 certificate verification failed: not trusted',
      '101 DEB Mar 30 12:00:06.000001 (1:1) VPNC: -dpd_handler: keepalive sent',
    ].join('\n');
    const text = Array.from({ length: 40 }, (_, i) => `${parts[i % parts.length]}\n${noise}\n`).join('');
    const run = (fullLines: number, chunk: number) => {
      const events: LogEvent[] = [];
      const parser = new LogParser({ source: 's', now: NOW, onEvent: (e) => events.push(e) });
      const scanner = new LogScanner(parser, undefined, fullLines);
      for (let i = 0; i < text.length; i += chunk) scanner.write(text.slice(i, i + chunk));
      scanner.end();
      return {
        events: events.map((e) => `${e.line}-${e.endLine} ${e.kind} ${e.text}`),
        lines: parser.stats.lines,
      };
    };
    const slow = run(Number.POSITIVE_INFINITY, 1 << 20);
    assert.ok(slow.events.length > 300, `${slow.events.length} events`);
    assert.equal(slow.lines, text.split('\n').length - 1);
    for (const chunk of [1 << 20, 4096, 333, 7]) assert.deepEqual(run(0, chunk), slow, `chunk ${chunk}`);
    assert.deepEqual(run(50, 1000), slow);
  });

  test('lines found by several words, ids not read, kinds narrowed: still the events of every line', () => {
    const lines = [
      '200 NOT Mar 30 12:00:00.000001 (1:1) JAVA-x: dnsmasq said VPNC: -do_login: URL -> https://a.example/p',
      '201 NOT Mar 30 12:00:00.000002 (1:1) VPNC: -protocol_handler: new cipher -> AES256-SHA',
      'Mar 30 2020 12:00:01: %ASA-6-302013: relayed %ASA-6-725014: SSL lib error. Reason: no shared cipher',
      'Mar 30 2020 12:00:02: %ASA-9-725014: SSL lib error. Function: x Reason: no shared cipher',
      'Mar 30 2020 12:00:03: %ASA-3-7250: short id',
      'Mar 30 2020 12:00:04: %ASA-7-725014: SSL lib error. Function: x Reason: wrong version number',
      'Mar 30 2020 12:00:05: %ASA-6-725001: Starting SSL handshake with client outside:1.2.3.4/5',
      "Processing CSTP header line: 'X-DTLS-CipherSuite: AES256-SHA'",
      '202 INF Mar 30 12:00:06.000001 (1:1) JAVA-configmgr MQThread|cip.vpn.VpnStateHandler:? -',
      'VpnStateHandler: handleVPN_ENABLED_STATE()',
      '203 DEB Mar 30 12:00:07.000001 (1:1) VPNC: -dpd_handler: keepalive sent',
      'continued: cipher list: AES256-SHA',
      '204 DEB Mar 30 12:00:08.000001 (1:1) VPNC: -vpnc_set_notify_netsd : cmd: 0x5',
      '',
      '205 ERR Mar 30 12:00:09.000001 (1:1) VPNC: -alert_err: DTLS write alert: code 47, illegal',
      'parameter',
      'Mar 30 12:00:10 vpn ocserv[12]: worker: 1.2.3.4 certificate verification failed: not trusted',
    ];
    const text = `${Array.from({ length: 30 }, () => lines.join('\n')).join('\n')}\n`;
    const kinds = new Set<EventKind>([
      'tls-cipher-new',
      'headend-no-shared-cipher',
      'dtls-alert',
      'vpn-url',
      'headend-tls-failed',
    ]);
    const run = (fullLines: number, chunk: number) => {
      const events: LogEvent[] = [];
      const parser = new LogParser({ source: 's', now: NOW, kinds, onEvent: (e) => events.push(e) });
      const scanner = new LogScanner(parser, kinds, fullLines);
      for (let i = 0; i < text.length; i += chunk) scanner.write(text.slice(i, i + chunk));
      scanner.end();
      return {
        events: events.map((e) => `${e.line}-${e.endLine} ${e.kind} ${e.text}`),
        lines: parser.stats.lines,
      };
    };
    const slow = run(Number.POSITIVE_INFINITY, 1 << 20);
    assert.ok(slow.events.length >= 150, `${slow.events.length} events`);
    for (const chunk of [1 << 20, 1000, 97, 5]) assert.deepEqual(run(0, chunk), slow, `chunk ${chunk}`);
  });
});

describe('LogScanner fast path equals the parser fed every line (issue 15)', () => {
  const filler = (n: number) =>
    Array.from(
      { length: n },
      (_, i) => `${i + 1} INF Mar 27 11:00:00.000000 (1:1) JAVA-sipservice: 200 OK REGISTER\n`,
    ).join('');

  // Regressions found by the fuzz harness after the quoted-log and attempt changes met the fast path.
  test('the fast path reads the last line unended like the others, and counts log kinds as every line does', () => {
    // A header, then its wrapped line with the process and the word, with no line break at the end.
    const wrappedLast = '7 DEB Mar 7 11:32:34.3 (0:3)\nJAVA-conVpnState:VPN_ENABLED';
    assert.deepEqual(
      parseLogText(wrappedLast, 's', { now: NOW }).map((e) => e.kind),
      ['vpn-enabled'],
    );
    assert.equal(logPathsDiffer(wrappedLast), undefined);
    assert.equal(logPathsDiffer(`${filler(5000)}${wrappedLast}`), undefined);
    // An ASA message id in prose (no log prefix before it) is no ASA line on either path.
    assert.equal(logPathsDiffer('r%ASA-6-725001'), undefined);
    assert.equal(logPathsDiffer(`${filler(5000)}see r%ASA-6-725001 and ocserv: in the notes\n`), undefined);
  });

  // Regression (scanner-wrap-*): an entry whose process word sits on its wrapped line was lost past 5,000 lines.
  test('a wrapped phone entry whose word is on the continuation line, after 5,000 lines (scanner-wrap fixtures)', () => {
    for (const f of ['scanner-wrap-short.log', 'scanner-wrap2-short.log']) {
      const short = readFileSync(join(process.cwd(), 'test/fixtures/fuzz', f), 'utf8');
      const long = filler(5000) + short;
      const kinds = (t: string) => parseLogText(t, 's', { now: NOW }).map((e) => e.kind);
      assert.ok(kinds(short).length >= 1, f);
      const scannedKinds: string[] = [];
      const parser = new LogParser({ source: 's', now: NOW, onEvent: (e) => scannedKinds.push(e.kind) });
      const scanner = new LogScanner(parser);
      scanner.write(long);
      scanner.end();
      assert.deepEqual(scannedKinds, kinds(short), f);
      assert.equal(logPathsDiffer(long), undefined, f);
    }
  });

  test('every example and fixture log, and a large log of them with wrapped entries, cut at any chunk', () => {
    const logs = filesUnder(['examples', 'test/fixtures/logs', 'test/fixtures/fuzz'])
      .filter((p) => p.endsWith('.log'))
      .map((p) => readFileSync(p, 'utf8'));
    assert.ok(logs.length >= 15, `${logs.length} logs`);
    for (const [i, text] of logs.entries()) assert.equal(logPathsDiffer(text), undefined, `log ${i}`);
    // Wrapped copies: each line cut at a random space (the parser joins with one) or after a hyphen, up to
    // three times, so that the words the fast path looks for land on continuation lines.
    const rng = new Rng(15);
    const wrap = (line: string): string => {
      let out = line;
      for (let k = 0; k < 3; k++) {
        const last = out.slice(out.lastIndexOf('\n') + 1);
        const cuts = [...last.matchAll(/ |-/g)].map((m) => m.index);
        if (cuts.length === 0 || rng.chance(0.3)) break;
        const c = rng.pick(cuts);
        const head = out.slice(0, out.length - last.length);
        out =
          last[c] === '-'
            ? `${head}${last.slice(0, c + 1)}\n${last.slice(c + 1)}`
            : `${head}${last.slice(0, c)}\n${last.slice(c + 1)}`;
      }
      return out;
    };
    const parts: string[] = [filler(5200)];
    for (let round = 0; round < 6; round++)
      for (const text of logs)
        parts.push(
          text
            .split('\n')
            .map((l) => (rng.chance(0.5) ? wrap(l) : l))
            .join('\n'),
          filler(rng.int(40)),
        );
    const big = parts.join('\n');
    const events = parseLogText(big, 's', { now: NOW });
    assert.ok(
      events.some((e) => e.endLine > e.line && e.line > 5200),
      'wrapped entries past the first lines',
    );
    assert.equal(logPathsDiffer(big, { fullLines: [0, 5000], chunks: [65536, 1000, 61] }), undefined);
  });
});
