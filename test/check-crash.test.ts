// A check that throws is a bug made visible: the other checks still report, the report names the check and
// its error under notChecked, standard error says so, and the command exits 2 (audit, diagnose, doctor).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { runConfigChecks } from '../src/checks/audit.js';
import type { Check } from '../src/checks/define.js';
import { buildFacts } from '../src/checks/facts.js';
import type { LogCheck } from '../src/checks/log/define.js';
import { LogDiagnosis } from '../src/checks/log/engine.js';
import { LOG_CHECKS } from '../src/checks/log/index.js';
import type { RuleId } from '../src/findings/catalogue/index.js';
import { draft } from '../src/findings/finding.js';
import { repoPath } from './support/paths.js';

const PRELOAD = repoPath('dist/test/support/throwing-checks.js');

interface Json {
  findings: { id: string }[];
  notChecked?: { id: string; reason: string; error?: string }[];
}

function vpnphone(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', PRELOAD, repoPath('bin/vpnphone.js'), ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('configuration checks (runConfigChecks)', () => {
  test('a throw becomes a notChecked entry with its error; the checks after it still run', () => {
    const boom: Check = {
      id: 'alternate-tftp-required',
      needs: 'inputs',
      run() {
        throw new Error('boom');
      },
    };
    const after: Check = {
      id: 'hostname-needs-dns',
      needs: 'inputs',
      run: () => [draft('hostname-needs-dns', { host: 'still-ran.example' })],
    };
    const r = runConfigChecks(buildFacts([]), { now: new Date(0), expiryDays: 60, leadDays: 30 }, [
      boom,
      after,
    ]);
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['hostname-needs-dns'],
    );
    assert.match(r.findings[0]?.message ?? '', /still-ran\.example/);
    assert.equal(r.notChecked.length, 1);
    assert.equal(r.notChecked[0]?.id, 'alternate-tftp-required');
    assert.equal(r.notChecked[0]?.error, 'Error: boom');
    assert.match(r.notChecked[0]?.reason ?? '', /internal error.*boom/);
  });
});

describe('log checks (LogDiagnosis)', () => {
  test('a throw in create, event or end is recorded once per check; the other checks still report', () => {
    const inCreate: LogCheck = {
      id: 'test-create' as RuleId,
      kinds: ['vpn-url'],
      create() {
        throw new Error('in create');
      },
    };
    let events = 0;
    const inEvent: LogCheck = {
      id: 'test-event' as RuleId,
      kinds: ['vpn-url', 'dns-failed'],
      create: () => ({
        event() {
          events++;
          throw new Error('in event');
        },
        end() {},
      }),
    };
    const inEnd: LogCheck = {
      id: 'test-end' as RuleId,
      kinds: ['vpn-url'],
      create: () => ({
        event() {},
        end() {
          throw new Error('in end');
        },
      }),
    };
    const d = new LogDiagnosis({ checks: [inCreate, inEvent, inEnd, ...LOG_CHECKS], year: 2020, now: 0 });
    const log = [
      '3816 NOT Mar 3 15:38:03.819168 VPNC: -do_login: URL -> https://asav.sckiewer.lab/phone',
      '3837 ERR Mar 3 15:38:32.864376 VPNC: -parse_url: gethostbyname failed <asav.sckiewer.lab>',
      '3846 NOT Mar 3 15:38:32.864580 VPNC: -vpnc_send_notify: notify code: 32 [DnsLookupErr]',
      '',
    ].join('\n');
    const feed = d.openSource('phone.log');
    feed.write(log);
    feed.end();
    assert.ok(
      d.findings().some((f) => f.id === 'dns-lookup-failed'),
      'the real checks reported',
    );
    assert.deepEqual(
      d.notChecked().map((n) => [n.id, n.error]),
      [
        ['test-create', 'Error: in create'],
        ['test-event', 'Error: in event'],
        ['test-end', 'Error: in end'],
      ],
    );
    assert.equal(events, 1, 'a check that threw is given no more events of that source');
    assert.match(d.notChecked()[1]?.reason ?? '', /reading phone\.log/);
  });
});

describe('the commands, with a throwing check preloaded', () => {
  const cases: { name: string; args: string[]; crashed: string; finding: string }[] = [
    {
      name: 'audit',
      args: ['audit', '--json', '--now', '2026-11-27', 'examples/audit/pool-typo'],
      crashed: 'test-config-check-throws',
      finding: 'undefined-reference',
    },
    {
      name: 'diagnose',
      args: ['diagnose', '--json', '--year', '2020', 'examples/doctor/dns-failure'],
      crashed: 'test-log-check-throws',
      finding: 'dns-lookup-failed',
    },
    {
      name: 'doctor',
      args: [
        'doctor',
        '--json',
        '--now',
        '2026-11-27',
        '--year',
        '2020',
        'examples/doctor/dtls-cipher-mismatch',
      ],
      crashed: 'test-config-check-throws',
      finding: 'dtls-cipher-mismatch',
    },
  ];
  for (const c of cases) {
    test(`${c.name}: exit 2, stderr names the check, the report lists it and still has the findings`, () => {
      const r = vpnphone(c.args);
      assert.equal(r.status, 2, r.stderr);
      assert.match(
        r.stderr,
        new RegExp(`internal error: the check ${c.crashed} threw \\(\\w+Error: .* on purpose\\)`),
      );
      const j = JSON.parse(r.stdout) as Json;
      const entry = j.notChecked?.find((n) => n.id === c.crashed);
      assert.ok(entry, JSON.stringify(j.notChecked));
      assert.match(entry.error ?? '', /exploded on purpose/);
      assert.ok(
        j.findings.some((f) => f.id === c.finding),
        `${c.finding} still reported`,
      );
    });
  }

  test('doctor also names a throwing log check', () => {
    const r = vpnphone([
      'doctor',
      '--json',
      '--now',
      '2026-11-27',
      '--year',
      '2020',
      'examples/doctor/dns-failure',
    ]);
    assert.equal(r.status, 2, r.stderr);
    const j = JSON.parse(r.stdout) as Json;
    assert.ok(j.notChecked?.some((n) => n.id === 'test-log-check-throws' && n.error !== undefined));
    assert.match(r.stderr, /test-log-check-throws/);
  });

  test('without the preload the same command line exits 1 and names no crash', () => {
    const r = spawnSync(
      process.execPath,
      [repoPath('bin/vpnphone.js'), 'audit', '--json', '--now', '2026-11-27', 'examples/audit/pool-typo'],
      { encoding: 'utf8', timeout: 120_000 },
    );
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, '');
  });
});
