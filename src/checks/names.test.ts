// Names for the wording, resolved once: the deployment's, else the running configuration's, else placeholders.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { draft, renderFinding } from '../findings/finding.js';
import { parseDeployment } from '../model/load.js';
import { buildFacts } from './facts.js';
import { namesFromFacts, namesFromRunningConfig } from './names.js';

const root = process.cwd();
const runningConfig = (p: string) => ({ source: 'running-config.txt', bytes: readFileSync(join(root, p)) });

test('the running configuration names the tunnel group, its group policy, the interface and its trustpoint', () => {
  const facts = buildFacts([runningConfig('examples/audit/renewed-cert/running-config.txt')]);
  assert.deepEqual(namesFromRunningConfig(facts), {
    headend: 'asa',
    outside: 'outside',
    identityTrustpoint: 'asa-identity-cert-2',
    tunnelGroup: 'vpn-phone-group',
    groupPolicy: 'vpn-phone-policy',
  });
  assert.deepEqual(namesFromRunningConfig(buildFacts([])), {});
});

test('a deployment among the facts names everything but the trustpoint the running configuration presents', () => {
  const yaml = readFileSync(join(root, 'examples/lab/deployment.yaml'), 'utf8');
  const r = parseDeployment(yaml, 'deployment.yaml');
  assert.ok(r.ok);
  const facts = buildFacts([runningConfig('examples/audit/renewed-cert/running-config.txt')], {
    deployment: { source: 'deployment.yaml', value: { deployment: r.deployment, certs: new Map() } },
  });
  const names = namesFromFacts(facts);
  // `ssl trust-point asa-identity-cert-2 outside` is what phones are shown; the deployment says asa-identity-cert.
  assert.equal(names.identityTrustpoint, 'asa-identity-cert-2');
  assert.deepEqual(names.gateways, ['asav.sckiewer.lab']);
  assert.equal(names.tunnelGroup, r.deployment.headends[0]?.tunnelGroup.name);
  const without = buildFacts([], {
    deployment: { source: 'deployment.yaml', value: { deployment: r.deployment, certs: new Map() } },
  });
  assert.equal(
    namesFromFacts(without).identityTrustpoint,
    'asa-identity-cert',
    'no configuration: the deployment’s',
  );
});

test('one draft worded with each set of names: real names, else the placeholders', () => {
  const d = draft('headend-cert-rejected', { hostId: false }, []);
  const facts = buildFacts([runningConfig('examples/audit/renewed-cert/running-config.txt')]);
  assert.match(
    renderFinding(d, namesFromRunningConfig(facts)).fix,
    /ssl trust-point asa-identity-cert-2 outside\)/,
  );
  const placeholder = renderFinding(d, {}).fix;
  assert.match(placeholder, /ssl trust-point <identity trustpoint> outside\)/);
  assert.match(placeholder, /VPN gateway <VPN gateway>/);
});
