// The SARIF that audit, diagnose and doctor write validates against the SARIF 2.1.0 JSON schema (JSON Schema
// draft-04), and JSON and SARIF name the tool, its version and the counts. The schema is the copy Microsoft's
// SARIF SDK team ships in the npm package @microsoft/jest-sarif (MIT; a devDependency, read from node_modules,
// not copied here): sarif-2.1.0-rtm.5.json, the 2.1.0 schema as the OASIS committee published it.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import AjvDraft04 from 'ajv-draft-04';
import AjvFormats from 'ajv-formats';
import { TOOL_VERSION } from '../src/version.js';
import { repoPath, runCli, tempDir } from './support/paths.js';

const schema = JSON.parse(
  readFileSync(repoPath('node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
);
// Both are CommonJS modules whose export is also their `default`. The rtm.5 schema's language pattern has a
// stray `]`, valid only as a non-Unicode regular expression: unicodeRegExp off.
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
AjvFormats.default(ajv);
const validate = ajv.compile(schema);

function cases(folder: string): string[] {
  return readdirSync(repoPath(folder))
    .filter((n) => statSync(repoPath(folder, n)).isDirectory())
    .sort()
    .map((n) => `${folder}/${n}`);
}

const PINNED = ['--now', '2026-11-27', '--year', '2020'];
const RUNS: [command: string, path: string][] = [
  ...cases('examples/audit').map((p): [string, string] => ['audit', p]),
  ...cases('examples/doctor').flatMap((p): [string, string][] => [
    ['diagnose', p],
    ['doctor', p],
  ]),
  ['audit', 'examples/lab'],
  ['doctor', 'examples/branch-office'],
];

describe('SARIF validates against the SARIF 2.1.0 schema', () => {
  test('the schema itself is the SARIF 2.1.0 schema and catches a broken log', () => {
    assert.equal(schema.title, 'Static Analysis Results Format (SARIF) Version 2.1.0-rtm.5 JSON Schema');
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false, 'no driver name');
    assert.equal(
      validate({
        version: '2.1.0',
        runs: [{ tool: { driver: { name: 'x' } }, results: [{ level: 'fatal', message: { text: 'm' } }] }],
      }),
      false,
      'no such level',
    );
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } } }] }), true);
  });

  for (const [command, path] of RUNS)
    test(`${command} ${path}`, () => {
      const r = runCli([
        command,
        ...(command === 'diagnose'
          ? ['--year', '2020']
          : command === 'audit'
            ? ['--now', '2026-11-27']
            : PINNED),
        '--format',
        'sarif',
        path,
      ]);
      assert.ok(r.code === 0 || r.code === 1, `${r.code}: ${r.stderr}`);
      const sarif = JSON.parse(r.stdout);
      assert.equal(validate(sarif), true, ajv.errorsText(validate.errors, { separator: '\n' }));
      const run = sarif.runs[0];
      assert.equal(run.tool.driver.name, 'vpnphone');
      assert.equal(run.tool.driver.version, TOOL_VERSION);
      const c = run.properties.counts;
      const levels = (l: string) => run.results.filter((x: { level: string }) => x.level === l).length;
      assert.deepEqual([c.error, c.warning, c.info], [levels('error'), levels('warning'), levels('note')]);
      assert.equal(c.inputs, run.artifacts.length);
      assert.ok(c.inputs > 0);
    });

  test('an input path with a space, # and % is a valid URI reference', () => {
    const tmp = tempDir();
    try {
      const dir = join(tmp.dir, 'site #1 100% done');
      mkdirSync(dir);
      copyFileSync(repoPath('examples/audit/pool-typo/running-config.txt'), join(dir, 'running config.txt'));
      const r = runCli(['audit', '--now', '2026-11-27', '--format', 'sarif', dir]);
      const sarif = JSON.parse(r.stdout);
      assert.equal(validate(sarif), true, ajv.errorsText(validate.errors));
      assert.match(
        sarif.runs[0].artifacts[0].location.uri,
        /site%20%231%20100%25%20done\/running%20config\.txt$/,
      );
    } finally {
      tmp.cleanup();
    }
  });
});

test('the JSON report names the tool and its version and counts findings by severity, not-checked and inputs', () => {
  const pkg = JSON.parse(readFileSync(repoPath('package.json'), 'utf8'));
  assert.equal(TOOL_VERSION, pkg.version, 'src/version.ts follows package.json');
  const r = runCli(['doctor', ...PINNED, '--json', 'examples/doctor/dtls-cipher-mismatch']);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(j.tool, { name: 'vpnphone', version: pkg.version });
  const n = (s: string) => j.findings.filter((f: { severity: string }) => f.severity === s).length;
  assert.deepEqual(j.counts, {
    error: n('error'),
    warning: n('warning'),
    info: n('info'),
    notChecked: (j.notChecked ?? []).length,
    inputs: j.inputs.length,
  });
  assert.ok(j.counts.error > 0 && j.counts.inputs > 1);
  assert.equal(runCli(['--version']).stdout.trim(), pkg.version);
});
