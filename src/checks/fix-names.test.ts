// Names for fix placeholders from a running configuration: one phone tunnel group, or nothing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { finding } from '../report/finding.js';
import { buildFacts } from './facts.js';
import { fillFixNames, fixNamesFromFacts } from './fix-names.js';

const config = readFileSync(
  join(process.cwd(), 'examples/doctor/dtls-cipher-mismatch/asa-running-config.txt'),
);

test('the phones tunnel group and its default-group-policy come from the running configuration', () => {
  const facts = buildFacts([{ source: 'asa-running-config.txt', bytes: new Uint8Array(config) }]);
  assert.deepEqual(fixNamesFromFacts(facts), {
    tunnelGroup: 'vpn-phone-group',
    groupPolicy: 'vpn-phone-policy',
  });
  assert.deepEqual(fixNamesFromFacts(buildFacts([])), {});
});

test('fillFixNames replaces the placeholders and leaves other findings untouched', () => {
  const a = finding('dtls-failed-tls-ok', {
    message: 'm',
    evidence: [],
    fix: 'group-policy <phones group policy> attributes; tunnel-group <phones tunnel group> webvpn-attributes',
  });
  const b = finding('dns-lookup-failed', { message: 'm', evidence: [], fix: 'no placeholder' });
  const [fa, fb] = fillFixNames([a, b], { groupPolicy: 'GP', tunnelGroup: 'TG' });
  assert.equal(fa?.fix, 'group-policy GP attributes; tunnel-group TG webvpn-attributes');
  assert.equal(fb, b);
  assert.equal(fillFixNames([a], {})[0], a);
});
