// generate for a site with two headends (issue 11): one headend by name, each into a folder, every phone, everything.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli, tempDir } from './support/paths.js';

const BO = 'examples/branch-office/deployment.yaml';

describe('generate with several headends (examples/branch-office)', () => {
  const tmp = tempDir('vpnphone-heads-');
  after(() => tmp.cleanup());

  it('generate asa without --headend or --out-dir says how to choose, exit 2', () => {
    const r = runCli(['generate', 'asa', '-d', BO]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(
      r.stderr,
      /has 2 asa headends \(vpn1, vpn2\): name one with --headend NAME, or write each with --out-dir DIR/,
    );
  });

  it('--headend NAME (or its hostname) writes that headend: its hostname, pool, group-url, trustpoint', () => {
    for (const name of ['vpn2', 'branch-asa2']) {
      const r = runCli(['generate', 'asa', '-d', BO, '--headend', name]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^hostname branch-asa2$/m);
      assert.match(r.stdout, /^ {4}group-url https:\/\/vpn2\.branch\.example\/phones enable$/m);
      assert.match(r.stdout, /^ssl trust-point vpn2-identity internet$/m);
      assert.match(r.stdout, /^ip local pool phones-pool 10\.20\.70\.1-10\.20\.70\.200/m);
      assert.ok(!r.stdout.includes('vpn1'), 'nothing of the other headend');
    }
    const bad = runCli(['generate', 'asa', '-d', BO, '--headend', 'vpn3']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--headend vpn3: not a headend of .* \(headends: vpn1, vpn2\)/);
  });

  it('--out-dir writes one file per headend, each what --headend writes', () => {
    const dir = join(tmp.dir, 'asa');
    const r = runCli(['generate', 'asa', '-d', BO, '--out-dir', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readdirSync(dir).sort(), ['vpn1.cfg', 'vpn2.cfg']);
    for (const n of ['vpn1', 'vpn2'])
      assert.equal(
        readFileSync(join(dir, `${n}.cfg`), 'utf8'),
        runCli(['generate', 'asa', '-d', BO, '--headend', n]).stdout,
      );
  });

  it('phone-config --all --out-dir writes every phone, each as --mac writes it', () => {
    const dir = join(tmp.dir, 'phones');
    const r = runCli(['generate', 'phone-config', '-d', BO, '--all', '--out-dir', dir]);
    assert.equal(r.code, 0, r.stderr);
    const files = readdirSync(dir).sort();
    assert.deepEqual(files, [
      'SEP001122334455.cnf.xml',
      'SEP001122334456.cnf.xml',
      'SEP001122334457.cnf.xml',
    ]);
    const one = readFileSync(join(dir, 'SEP001122334456.cnf.xml'), 'utf8');
    assert.equal(one, runCli(['generate', 'phone-config', '-d', BO, '--mac', '001122334456']).stdout);
    assert.match(
      one,
      /<url1>https:\/\/vpn1\.branch\.example\/phones<\/url1>\n\s*<url2>https:\/\/vpn2\.branch\.example\/phones<\/url2>/,
    );
    assert.equal(runCli(['generate', 'phone-config', '-d', BO, '--all']).code, 2, '--all needs --out-dir');
    assert.equal(runCli(['generate', 'phone-config', '-d', BO]).code, 2, '--mac or --all');
  });

  it('the generated set audits with -d without an error finding (exit 0)', () => {
    const r = runCli([
      'audit',
      '--json',
      '-d',
      BO,
      join(tmp.dir, 'asa', 'vpn1.cfg'),
      join(tmp.dir, 'asa', 'vpn2.cfg'),
      join(tmp.dir, 'phones'),
    ]);
    assert.equal(r.code, 0, r.stdout);
    const j = JSON.parse(r.stdout) as {
      findings: { id: string; severity: string }[];
      notChecked?: { reason: string }[];
    };
    assert.deepEqual(
      j.findings.filter((f) => f.severity !== 'info').map((f) => f.id),
      [],
    );
    assert.ok(!(j.notChecked ?? []).some((n) => /collect the running configuration/.test(n.reason)));
  });

  it('generate all writes the headends, the CUCM checklist and AXL requests, and the phones', () => {
    const dir = join(tmp.dir, 'site');
    const r = runCli(['generate', 'all', '-d', BO, '--out-dir', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readdirSync(dir).sort(), ['cucm', 'phones', 'vpn1.cfg', 'vpn2.cfg']);
    assert.deepEqual(readdirSync(join(dir, 'cucm')).sort(), ['axl', 'checklist.txt']);
    assert.deepEqual(readdirSync(join(dir, 'cucm', 'axl')).sort(), [
      '01-addVpnProfile.xml',
      '02-addVpnGateway.xml',
      '03-addVpnGateway.xml',
      '04-addVpnGroup.xml',
      '05-updateCommonPhoneConfig.xml',
    ]);
    assert.equal(readdirSync(join(dir, 'phones')).length, 3);
    assert.equal(
      readFileSync(join(dir, 'cucm', 'checklist.txt'), 'utf8'),
      runCli(['generate', 'cucm', '-d', BO]).stdout,
    );
    const audit = runCli(['audit', '-d', BO, dir]);
    assert.equal(audit.code, 0, audit.stdout);
  });
});
