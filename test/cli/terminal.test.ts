// The text report as people read it (issue 14): colour only on a terminal (a real pseudo-terminal made
// with util-linux `script`), NO_COLOR and --no-color, a 50-phone audit folded to a screen, --verbose,
// --min-severity, the not-checked line, progress on a terminal's standard error; and the CI options:
// --fail-on, exit 2 when nothing could be read and checked.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type CliResult, repoPath, runCli, tempDir } from '../support/paths.js';

const ESC = '\x1b[';
/** An ANSI colour (SGR) sequence; the progress line's own `ESC[K` is not one. */
const SGR = /\x1b\[[\d;]*m/;
const NOW = ['--now', '2026-11-27'];
const BIN = repoPath('bin/vpnphone.js');

/** `sh -c COMMAND` on a pseudo-terminal (util-linux `script`): what the terminal showed, and the status. */
function onTerminal(command: string, env: NodeJS.ProcessEnv = {}): { shown: string; code: number | null } {
  const r = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: repoPath(),
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, TERM: 'xterm-256color', NO_COLOR: '', ...env },
  });
  assert.equal(r.error, undefined, 'util-linux script(1) is needed for the terminal tests');
  return { shown: r.stdout, code: r.status };
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const cli = (args: string[]) => [process.execPath, BIN, ...args].map(q).join(' ');

describe('a 50-phone audit', () => {
  const tmp = tempDir('vpnphone-50-');
  const dir = join(tmp.dir, 'site');
  const macs: string[] = [];
  before(() => {
    mkdirSync(dir);
    const phone = readFileSync(repoPath('examples/audit/group-url-mismatch/SEP682C7B40B5CE.cnf.xml'), 'utf8');
    assert.ok(phone.includes('682C7B40B5CE'));
    writeFileSync(
      join(dir, 'running-config.txt'),
      readFileSync(repoPath('examples/audit/group-url-mismatch/running-config.txt')),
    );
    for (let i = 0; i < 50; i++) {
      const mac = `00AA00BB${(0x1000 + i).toString(16).toUpperCase()}`;
      macs.push(mac);
      writeFileSync(join(dir, `SEP${mac}.cnf.xml`), phone.replaceAll('682C7B40B5CE', mac));
    }
  });
  after(tmp.cleanup);

  test('fits a screen: the shared mismatch once, its 50 files folded', () => {
    const r = runCli(['audit', ...NOW, dir]);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.ok(lines.length <= 40, `${lines.length} lines:\n${r.stdout}`);
    // The mismatch is one finding, its phone line once with the other 49 files counted.
    assert.equal(r.stdout.match(/\[error\] group-url-mismatch/g)?.length, 1);
    assert.match(
      r.stdout,
      /SEP00AA00BB1000\.cnf\.xml:18 and 49 more files: <url1>https:\/\/asav\.sckiewer\.lab\/phone<\/url1>/,
    );
    assert.match(r.stdout, /running-config\.txt:\d+: group-url https:\/\/asav\.sckiewer\.lab\/phones enable/);
    assert.match(r.stdout, /SEP00AA00BB1000\.cnf\.xml and 49 more {2}\(phone-config; --verbose lists them\)/);
    // A phone past the first few is named nowhere.
    assert.ok(!r.stdout.includes(`SEP${macs[40]}`), 'the 41st phone is folded');
    assert.equal(lines.at(-1), 'Summary: 1 error, 0 warnings, 2 info; 51 inputs, 4 not checked');
    assert.ok(!r.stdout.includes(ESC), 'piped: no escape codes');
  });

  test('--verbose lists every file', () => {
    const r = runCli(['audit', ...NOW, '--verbose', dir]);
    assert.equal(r.code, 1, r.stderr);
    for (const mac of macs) {
      assert.match(r.stdout, new RegExp(`^ {2}\\S*SEP${mac}\\.cnf\\.xml {2}\\(phone-config\\)$`, 'm'), mac);
      assert.match(r.stdout, new RegExp(`SEP${mac}\\.cnf\\.xml:18: <url1>`), mac);
    }
    assert.match(r.stdout, /^Not checked \(4\):$/m);
    assert.ok(r.stdout.split('\n').length > 200);
  });

  test('the SARIF of it names all 50 files (folding is only for people)', () => {
    const r = runCli(['audit', ...NOW, '--format', 'sarif', dir]);
    const run = JSON.parse(r.stdout).runs[0];
    const mismatch = run.results.find((x: { ruleId: string }) => x.ruleId === 'group-url-mismatch');
    assert.equal(mismatch.locations.length, 51);
  });

  test('on a terminal: colours; not with NO_COLOR or --no-color; forced with --color when piped', () => {
    const tty = onTerminal(cli(['audit', ...NOW, dir]));
    assert.equal(tty.code, 1);
    assert.ok(tty.shown.includes(`${ESC}1;31m[error]${ESC}0m`), tty.shown.slice(0, 500));
    assert.ok(tty.shown.includes(`${ESC}36m[info]`));
    const plain = onTerminal(cli(['audit', ...NOW, dir]), { NO_COLOR: '1' });
    assert.doesNotMatch(plain.shown, SGR, 'NO_COLOR');
    assert.match(plain.shown, /\[error\] group-url-mismatch/);
    assert.doesNotMatch(onTerminal(cli(['audit', ...NOW, '--no-color', dir])).shown, SGR, '--no-color');
    // Written to a file from a terminal: plain.
    const file = join(tmp.dir, 'report.txt');
    onTerminal(cli(['audit', ...NOW, '-o', file, dir]));
    assert.ok(!readFileSync(file, 'utf8').includes(ESC), '-o FILE');
    const forced = runCli(['audit', ...NOW, '--color', dir]);
    assert.ok(forced.stdout.includes(`${ESC}1;31m[error]`), '--color');
    assert.ok(!runCli(['audit', ...NOW, '--color', '--json', dir]).stdout.includes(ESC), 'JSON never');
  });

  test('progress on standard error only when it is a terminal, and gone once done', () => {
    const out = join(tmp.dir, 'out.txt');
    const tty = onTerminal(`${cli(['audit', ...NOW, dir])} > ${q(out)}`);
    assert.equal(tty.code, 1);
    assert.match(tty.shown, /vpnphone: reading \d+ inputs?, [\d.]+ MB: /);
    assert.ok(tty.shown.endsWith(`\r${ESC}K`), 'the progress line is cleared at the end');
    assert.ok(!readFileSync(out, 'utf8').includes('reading'), 'not in the report');
    const piped = runCli(['doctor', ...NOW, '--year', '2020', dir]);
    assert.equal(piped.stderr, '');
  });
});

describe('--min-severity, --fail-on and the not-checked line', () => {
  test('--min-severity warning leaves out the info findings (text and JSON) and says so', () => {
    const r = runCli(['audit', ...NOW, '--min-severity', 'warning', 'examples/audit/ec-cipher-risk']);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /\[info\]/);
    assert.match(r.stdout, /\[warning\] ec-cipher-risk/);
    assert.match(r.stdout, /^Summary: 0 errors, 1 warning, 0 info; .*2 below warning not shown$/m);
    const j = JSON.parse(
      runCli(['audit', ...NOW, '--min-severity', 'error', '--json', 'examples/audit/ec-cipher-risk']).stdout,
    );
    assert.deepEqual(j.findings, []);
    const all = JSON.parse(runCli(['audit', ...NOW, '--json', 'examples/audit/ec-cipher-risk']).stdout);
    assert.ok(all.findings.some((f: { severity: string }) => f.severity === 'info'));
    assert.equal(runCli(['audit', '--min-severity', 'fatal', 'examples/audit/lab']).code, 2);
  });

  test('--fail-on: error by default, warning, never', () => {
    const warnOnly = 'examples/audit/ec-cipher-risk';
    assert.equal(runCli(['audit', ...NOW, warnOnly]).code, 0);
    assert.equal(runCli(['audit', ...NOW, '--fail-on', 'error', warnOnly]).code, 0);
    assert.equal(runCli(['audit', ...NOW, '--fail-on', 'warning', warnOnly]).code, 1);
    assert.equal(runCli(['audit', ...NOW, '--fail-on', 'warning', 'examples/audit/lab']).code, 0);
    assert.equal(runCli(['audit', ...NOW, '--fail-on', 'never', 'examples/audit/pool-typo']).code, 0);
    assert.equal(runCli(['audit', ...NOW, 'examples/audit/pool-typo']).code, 1);
    // --fail-on looks at every finding, whatever --min-severity shows.
    assert.equal(
      runCli(['audit', ...NOW, '--fail-on', 'warning', '--min-severity', 'error', warnOnly]).code,
      1,
    );
    for (const command of ['diagnose', 'doctor']) {
      const args = [command, '--year', '2020', ...(command === 'doctor' ? NOW : [])];
      assert.equal(runCli([...args, 'examples/doctor/dns-failure']).code, 1, command);
      assert.equal(runCli([...args, '--fail-on', 'never', 'examples/doctor/dns-failure']).code, 0, command);
      const bad = runCli([...args, '--fail-on', 'sometimes', 'examples/doctor/dns-failure']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--fail-on sometimes: use error, warning or never/);
    }
  });

  test('not-checked is one line, --verbose lists what each check needs', () => {
    const r = runCli(['audit', ...NOW, 'examples/audit/lab/SEP682C7B40B5CE.cnf.xml']);
    assert.match(
      r.stdout,
      /^Not checked \(\d+\): [\w-]+(, [\w-]+){4} and \d+ more \(--verbose says what each needs\)$/m,
    );
    assert.doesNotMatch(r.stdout, /needs the ASA running configuration/);
    const v = runCli(['audit', ...NOW, '--verbose', 'examples/audit/lab/SEP682C7B40B5CE.cnf.xml']);
    assert.match(v.stdout, /^ {2}webvpn-not-enabled: needs the ASA running configuration$/m);
  });
});

describe('exit 2 when nothing at all could be read and checked, every input named with why', () => {
  const tmp = tempDir('vpnphone-nothing-');
  const junk = join(tmp.dir, 'junk');
  before(() => {
    mkdirSync(junk);
    writeFileSync(join(tmp.dir, 'empty.txt'), '');
    writeFileSync(join(junk, 'notes.txt'), 'call the carrier on monday\n');
    writeFileSync(join(junk, 'blob.bin'), Buffer.from([0, 1, 2, 3, 0, 255]));
    writeFileSync(join(junk, 'list.yaml'), 'foo: bar\n');
    // A zip of junk, made with the system's zip: what `doctor prt.zip` gets from a wrong archive.
    const z = spawnSync('zip', [
      '-q',
      '-j',
      join(tmp.dir, 'prt.zip'),
      join(junk, 'notes.txt'),
      join(junk, 'blob.bin'),
    ]);
    assert.equal(z.status, 0, 'zip(1) is needed');
  });
  after(tmp.cleanup);

  const expectNothing = (r: CliResult, named: RegExp[]) => {
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^vpnphone: nothing could be read and checked:$/m);
    for (const n of named) assert.match(r.stderr, n);
    assert.match(r.stdout, /^Summary: /m, 'the report is still written');
  };

  test('audit empty.txt', () => {
    expectNothing(runCli(['audit', join(tmp.dir, 'empty.txt')]), [/empty\.txt: Not used: empty\./]);
  });

  test('audit of a log: the audit reads configuration, not logs', () => {
    expectNothing(runCli(['audit', 'examples/doctor/dns-failure/phone-console.log']), [
      /phone-console\.log: .*the audit reads configuration, not logs/,
    ]);
  });

  test('doctor and diagnose on a folder of junk', () => {
    for (const command of ['doctor', 'diagnose'])
      expectNothing(runCli([command, '--fail-on', 'never', junk]), [
        /notes\.txt: No phone, ASA or ocserv log line found/,
        /blob\.bin: .*binary data, not a log/,
        /list\.yaml: No phone, ASA or ocserv log line found/,
      ]);
  });

  test('doctor prt.zip that yields nothing', () => {
    expectNothing(runCli(['doctor', join(tmp.dir, 'prt.zip')]), [
      /prt\.zip: an archive \(its members follow\)/,
      /prt\.zip!notes\.txt: No phone, ASA or ocserv log line found/,
      /prt\.zip!blob\.bin: .*binary data/,
    ]);
  });

  test('the JSON of such a run is still written, with its counts', () => {
    const r = runCli(['doctor', '--json', junk]);
    assert.equal(r.code, 2);
    const j = JSON.parse(r.stdout);
    assert.equal(j.counts.inputs, 3);
    assert.equal(j.counts.error, 0);
  });

  test('one readable input is enough: a junk file beside a log is not an exit 2', () => {
    const r = runCli(['diagnose', '--year', '2020', junk, 'examples/doctor/dns-failure/phone-console.log']);
    assert.equal(r.code, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /nothing could be read/);
  });
});
