// The year of year-less phone timestamps comes from the other inputs before the computer's clock: the PRT
// file name, an archive member's time, the years of the headend logs read alongside; `--year` overrides.
// Device times are device-local in JSON (no `Z`), and the timeline says when phone and headend clocks differ.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { create } from 'tar';
import { collectLogs } from '../../src/cli/collect.js';
import { timelineEntries } from '../../src/logs/timeline.js';
import { render } from '../../src/report/render.js';

const NOW = Date.UTC(2026, 11, 1, 12);
const PHONE = [
  '2092 NOT Apr 2 09:14:05.100000 (393:393) VPNC: -do_login: URL -> https://vpn.example.com/phones',
  '2101 NOT Apr 2 09:14:06.331861 (393:393) VPNC: -protocol_handler: new cipher -> AES256-SHA:AES128-SHA',
  '2110 NOT Apr 2 09:14:07.000000 (393:393) VPNC: -process_connect: CONNECT response 200',
  '',
].join('\n');
const ASA_2020 = [
  'Apr 02 2020 09:14:06: %ASA-6-725002: Device completed SSL handshake with client outside:198.51.100.23/49152 to 203.0.113.1/443 for TLSv1 session',
  'Apr 02 2020 09:14:07: %ASA-6-722022: Group <GP-PHONES> User <CP-8861-SEP001122334455> IP <198.51.100.23> TCP SVC connection established without compression',
  '',
].join('\n');

const dir = mkdtempSync(join(tmpdir(), 'vpnphone-year-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function timeline(paths: string[], year?: number) {
  const r = await collectLogs(paths, { timeline: true, now: NOW, year });
  return timelineEntries(r.timeline.events, r.findings, r.timeline.years);
}

const phoneTimes = (t: Awaited<ReturnType<typeof timeline>>) =>
  t.filter((e) => e.side === 'phone').map((e) => [e.time, e.yearFrom]);

describe('the year of year-less phone timestamps', () => {
  test('alone, the clock gives it (the latest year not in the future), and the text timeline says so', async () => {
    const p = file('alone.log', PHONE);
    const t = await timeline([p]);
    assert.deepEqual(phoneTimes(t)[0], ['2026-04-02T09:14:05.100', 'clock']);
    assert.match(
      render({ inputs: [], findings: [] }, 'text', { entries: t, dropped: 0 }),
      /taken from this computer's clock \(give --year\)/,
    );
  });

  test('from the ASA syslog read alongside, whose lines carry 2020', async () => {
    const t = await timeline([file('phone.log', PHONE), file('asa.log', ASA_2020)]);
    assert.deepEqual(phoneTimes(t), [
      ['2020-04-02T09:14:05.100', 'headend-log'],
      ['2020-04-02T09:14:06.331', 'headend-log'],
      ['2020-04-02T09:14:07.000', 'headend-log'],
    ]);
    // One moment together: the phone's handshake next to the ASA's 725002.
    const order = t.map((e) => `${e.side}:${e.kind}`);
    const i = order.indexOf('phone:tls-cipher-new');
    assert.equal(order[i - 1], 'headend:headend-tls-ok');
    assert.equal(t.find((e) => e.side === 'headend')?.yearFrom, 'log');
  });

  test('from the PRT file name, before the headend logs and the clock', async () => {
    const sub = join(dir, 'prt');
    mkdirSync(sub, { recursive: true });
    const p = join(sub, 'prt-20210403-101500-SEP001122334455.log');
    writeFileSync(p, PHONE);
    const t = await timeline([p, file('asa2.log', ASA_2020)]);
    assert.deepEqual(phoneTimes(t)[0], ['2021-04-02T09:14:05.100', 'prt-name']);
  });

  test("from an archive member's time", async () => {
    const src = join(dir, 'member');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, 'messages'), PHONE);
    const tgz = join(dir, 'collected.tar.gz');
    await create({ gzip: true, file: tgz, cwd: src, mtime: new Date(Date.UTC(2019, 3, 5)) }, ['messages']);
    const t = await timeline([tgz]);
    assert.deepEqual(phoneTimes(t)[0], ['2019-04-02T09:14:05.100', 'archive-time']);
  });

  test('--year overrides every other source', async () => {
    const t = await timeline([file('phone3.log', PHONE), file('asa3.log', ASA_2020)], 2018);
    assert.deepEqual(phoneTimes(t)[0], ['2018-04-02T09:14:05.100', 'option']);
  });
});

describe('device-local times and clock offsets in the timeline', () => {
  test('JSON times carry no Z and say they are device-local', async () => {
    const t = await timeline([file('phone4.log', PHONE), file('asa4.log', ASA_2020)]);
    const json = JSON.parse(render({ inputs: [], findings: [] }, 'json', { entries: t, dropped: 0 })) as {
      timeline: { time: string; clock: string }[];
      clockOffset?: unknown;
    };
    assert.ok(json.timeline.every((e) => !e.time.endsWith('Z') && e.clock === 'device-local'));
    assert.equal(json.clockOffset, undefined);
  });

  test('a phone clock an hour ahead of the ASA is named, in text and JSON', async () => {
    const ahead = PHONE.replaceAll(' 09:14:', ' 10:14:');
    const t = await timeline([file('phone5.log', ahead), file('asa5.log', ASA_2020)]);
    const text = render({ inputs: [], findings: [] }, 'text', { entries: t, dropped: 0 });
    assert.match(
      text,
      /the phone's clock looks 1 h ahead of the headend's \(a whole or half hour: a time zone\?\), from 2 matching/,
    );
    const json = JSON.parse(render({ inputs: [], findings: [] }, 'json', { entries: t, dropped: 0 })) as {
      clockOffset: { phoneMinusHeadendSeconds: number; pairs: number };
    };
    assert.equal(json.clockOffset.pairs, 2);
    assert.ok(Math.abs(json.clockOffset.phoneMinusHeadendSeconds - 3600) < 2);
  });
});
