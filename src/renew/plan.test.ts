// The renewal plan: ten steps with the deployment's names, gated checks, and AXL requests that the 14.0 schema accepts.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { AXL_SCHEMA_FIXTURE, bodyElement, xmllint as lint } from '../../test/support/axl.js';
import { loadFixtureDeployment } from '../../test/support/deployments.js';
import { repoPath, runCli, tempDir } from '../../test/support/paths.js';
import { readCertificates } from '../pki/cert.js';
import { createSelfSignedIdentity } from '../pki/create.js';
import { PlanError, renewPlan } from './plan.js';

const SCHEMA = repoPath(AXL_SCHEMA_FIXTURE);

/** The SOAP body's request element alone, as a document xmllint can check against the AXL schema. */
const requestElement = (envelope: string): string => bodyElement(envelope).xml;
const xmllint = (file: string) => lint(SCHEMA, file);

describe('renew plan', () => {
  const tmp = tempDir('vpnphone-plan-');
  after(() => tmp.cleanup());

  it("names the ten steps in the technote's order with the deployment's trustpoints, interface and gateway", async () => {
    const plan = renewPlan(await loadFixtureDeployment('examples/lab/deployment.yaml'), {
      newTrustpoint: 'asa-identity-2027',
    });
    assert.deepEqual(
      plan.steps.map((s) => s.n),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    const all = (n: number) => {
      const s = plan.steps[n - 1];
      assert.ok(s);
      return [...s.actions, s.check].join('\n');
    };
    assert.match(all(1), /^crypto ca trustpoint asa-identity-2027$/m);
    assert.match(all(2), /^crypto ca enroll asa-identity-2027 noconfirm$/m);
    assert.match(all(3), /^crypto ca export asa-identity-2027 identity-certificate$/m);
    assert.match(all(4), /Phone-VPN-trust/);
    assert.match(all(4), /CSCuo58506/);
    assert.match(all(5), /asav\.sckiewer\.lab/);
    assert.match(all(6), /Standard Common Phone Profile - VPN_Auto-On/);
    assert.match(all(6), /--gate switch/);
    assert.match(all(7), /^ssl trust-point asa-identity-2027 outside$/m);
    assert.match(all(8), /CP-8861-SEP682C7B40B5CE/);
    assert.match(
      all(9),
      /ssl trust-point asa-identity-cert outside/,
      'the way back while the old one is valid',
    );
    assert.match(all(10), /--gate cleanup/);
    // The switch comes only after the phones were reset with both hashes.
    const reset = plan.steps.findIndex((s) => s.title.startsWith('Reset the phones'));
    const sw = plan.steps.findIndex((s) => s.actions.some((a) => a.startsWith('ssl trust-point')));
    assert.ok(reset >= 0 && reset < sw);
  });

  it('writes updateVpnGateway requests (both certificates, then the new one alone) that the AXL 14.0 schema accepts', async () => {
    const loaded = await loadFixtureDeployment('examples/branch-office/deployment.yaml');
    assert.equal(loaded.deployment.cucm.version?.startsWith('14.0'), true);
    const fresh = await createSelfSignedIdentity({ subject: 'CN=vpn1.branch.example', days: 400 });
    const newCert = readCertificates(fresh.certPem)[0];
    assert.ok(newCert);
    const plan = renewPlan(loaded, { headend: 'vpn1', newCert });
    assert.deepEqual(
      plan.axl.map((a) => [a.step, a.gateway]),
      [
        [5, 'vpn1'],
        [10, 'vpn1'],
      ],
    );
    const old = loaded.certs.get('certs/vpn1.pem')?.[0];
    assert.ok(old);
    const [add, remove] = plan.axl;
    assert.ok(add && remove);
    assert.deepEqual(
      [...add.body.matchAll(/<serialNumber>(\w+)<\/serialNumber>/g)].map((m) => m[1]),
      [old.serialNumber, newCert.serialNumber],
    );
    assert.deepEqual(
      [...remove.body.matchAll(/<serialNumber>(\w+)<\/serialNumber>/g)].map((m) => m[1]),
      [newCert.serialNumber],
    );
    for (const [i, a] of plan.axl.entries()) {
      const f = join(tmp.dir, `update-${i}.xml`);
      writeFileSync(f, requestElement(a.body));
      const r = xmllint(f);
      assert.ok(r.ok, r.out);
    }
    // The check is real: an element the schema does not know is refused.
    const bad = join(tmp.dir, 'bad.xml');
    writeFileSync(
      bad,
      requestElement(add.body).replace('<issuerName>', '<subjectName>x</subjectName><issuerName>'),
    );
    assert.equal(xmllint(bad).ok, false);
  });

  it('refuses an unknown --headend and a new trustpoint equal to the old one', async () => {
    const loaded = await loadFixtureDeployment('examples/lab/deployment.yaml');
    assert.throws(() => renewPlan(loaded, { headend: 'nope' }), PlanError);
    assert.throws(() => renewPlan(loaded, { newTrustpoint: 'asa-identity-cert' }), PlanError);
  });

  it('prints text and JSON from the command line, and exits 2 on a bad option', () => {
    const text = runCli(['renew', 'plan', '-d', 'examples/lab/deployment.yaml']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^7\. \[asa\] Switch the outside interface to asa-identity-cert-new$/m);
    assert.match(text.stdout, /^AXL for step 5 \(gateway asav\.sckiewer\.lab\): updateVpnGateway$/m);
    const json = runCli(['renew', 'plan', '-d', 'examples/lab/deployment.yaml', '--json']);
    assert.equal(json.code, 0, json.stderr);
    const plan = JSON.parse(json.stdout);
    assert.equal(plan.steps.length, 10);
    assert.equal(plan.newTrustpoint, 'asa-identity-cert-new');
    const bad = runCli(['renew', 'plan', '-d', 'examples/lab/deployment.yaml', '--headend', 'nope']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--headend nope/);
    const help = runCli(['renew', 'plan', '--help']);
    assert.match(help.stdout, /Examples:/);
  });
});
