// Only logs are read as logs (issue 10): prose quoting a log line, and a configuration's `!` comment, give no log evidence.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { classify } from '../../src/inputs/classify.js';
import { logPrefixShaped, parseLogText } from '../../src/logs/parse.js';
import { repoPath, runCli } from '../support/paths.js';

const FIX = 'test/fixtures/not-logs';
const read = (name: string) => readFileSync(repoPath(`${FIX}/${name}`));
const ids = (stdout: string) =>
  (JSON.parse(stdout) as { findings: { id: string }[] }).findings.map((f) => f.id);

describe('a log line is a line a log writes', () => {
  test('the prefixes real logs put before %ASA- and ocserv[ are log-shaped', () => {
    for (const line of [
      '%ASA-6-113005: x',
      '<166>Mar 30 2020 12:23:21 sckiewer-ASAv : %ASA-6-725014: x',
      'Mar 21 2014 23:03:49 sjce-vpn-cluster-4 : %ASA-6-113005: x',
      '2020-03-30T12:23:25.100Z asa %ASA-3-725017: x',
      'May  5 17:51:17 dev01: %ASA-6-722051: x',
      '<166>Jun 02 2020 08:14:03 localhost CiscoASA[999]: %ASA-6-113039: x',
      'HQ-ASA5585 : %ASA-4-106023: x',
      'Mar 30 12:23:21 vpn ocserv[1201]: worker: x',
    ])
      assert.ok(logPrefixShaped(line, Math.max(line.indexOf('%ASA-'), line.indexOf('ocserv['))), line);
  });

  test('prose, quotes and JSON before the tag are not', () => {
    for (const line of [
      'The customer sees %ASA-6-113005: x',
      "- Earlier the firewall logged '%ASA-3-717009: x",
      ' "note":"The log holds \'%ASA-6-113005: x',
      'seen in `%ASA-6-113005: x',
    ])
      assert.ok(!logPrefixShaped(line, line.indexOf('%ASA-')), line);
  });

  test('no event from quoted lines or a `!` comment', () => {
    for (const name of ['case-notes.json', 'generated-config-capture.txt'])
      assert.deepEqual(parseLogText(read(name).toString('utf8'), name), [], name);
    // The ticket's one wrapped line that starts with the tag is log-shaped: its kind keeps it out (below).
    const ticket = parseLogText(read('ticket-notes.md').toString('utf8'), 'ticket-notes.md');
    assert.deepEqual(
      ticket.map((e) => e.line),
      [6],
    );
  });
});

describe('the kind of a text quoting log lines', () => {
  test('a ticket and a JSON note are not logs', () => {
    assert.equal(classify('ticket-notes.md', read('ticket-notes.md')).kind, 'text-quoting-logs');
    assert.match(
      classify('ticket-notes.md', read('ticket-notes.md')).hint ?? '',
      /1 log line among \d+ lines/,
    );
    assert.equal(classify('case-notes.json', read('case-notes.json')).kind, 'unrecognized');
  });

  test('diagnose and doctor report nothing from them, and say the ticket is not read as a log', () => {
    for (const command of ['diagnose', 'doctor']) {
      const r = runCli([command, '--json', `${FIX}/ticket-notes.md`, `${FIX}/case-notes.json`]);
      // Nothing could be read and checked: exit 2, each input named on stderr (issue 14); the report is written.
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /nothing could be read and checked/);
      assert.match(r.stderr, /ticket-notes\.md/);
      assert.deepEqual([...new Set(ids(r.stdout))], ['unrecognized-input'], command);
      assert.match(r.stdout, /not read as a log/);
    }
  });

  test('doctor on a capture of a generated configuration takes no log evidence from its comment', () => {
    const r = runCli(['doctor', '--json', `${FIX}/generated-config-capture.txt`]);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    const found = ids(r.stdout);
    assert.ok(!found.includes('ec-cipher-selected'), found.join(', '));
    assert.ok(found.length > 0, 'the configuration is still audited');
  });
});
