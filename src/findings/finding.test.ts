// Findings as data: drafts merge by id and data, and are worded in one place with the names given.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from '../report/render.js';
import { CATALOGUE } from './catalogue/index.js';
import { draft, mergeDrafts, renderFinding } from './finding.js';

const e = (source: string, line: number) => ({ source, line, text: `line ${line}` });

test('equal data in many inputs is one draft with the evidence of all, each line once', () => {
  const url = { kind: 'none', url: 'https://vpn.example.com/phones' } as const;
  const merged = mergeDrafts([
    draft('group-url-mismatch', url, [e('a.xml', 3)]),
    draft('group-url-mismatch', url, [e('b.xml', 3), e('a.xml', 3)]),
    draft('group-url-mismatch', { kind: 'none', url: 'https://other/' }, [e('c.xml', 3)]),
  ]);
  assert.equal(merged.length, 2);
  assert.deepEqual(
    merged[0]?.evidence.map((x) => x.source),
    ['a.xml', 'b.xml'],
  );
  assert.equal(merged[0]?.count, undefined);
});

test('data compares by value, whatever the order of its keys', () => {
  const merged = mergeDrafts([
    draft('dtls-disabled', { groupPolicy: 'gp', from: 'DfltGrpPolicy' }, [e('a', 1)]),
    draft('dtls-disabled', { from: 'DfltGrpPolicy', groupPolicy: 'gp' }, [e('b', 1)]),
  ]);
  assert.equal(merged.length, 1);
});

test('a different severity keeps two drafts apart', () => {
  const d = { kind: 'not-in-catalogue', name: 'X' } as const;
  const merged = mergeDrafts([
    draft('phone-model-no-vpn', d, [e('a', 1)]),
    draft('phone-model-no-vpn', d, [e('b', 1)], { severity: 'info' }),
  ]);
  assert.equal(merged.length, 2);
});

test('repeats are counted when asked, and each source keeps at most its share of evidence', () => {
  const drafts = [
    ...Array.from({ length: 12 }, (_, i) => draft('login-failed', {}, [e('phone.log', i + 1)])),
    draft('login-failed', {}, [e('prt.tar.gz!messages', 1)], { count: 3 }),
  ];
  const [m] = mergeDrafts(drafts, { countRepeats: true, maxEvidencePerSource: 8 });
  assert.equal(m?.count, 15);
  assert.equal(m?.evidence.filter((x) => x.source === 'phone.log').length, 8);
  assert.equal(m?.evidence.at(-1)?.source, 'prt.tar.gz!messages');
});

test('the catalogue words the data: title and default severity, a specific fix, the generic one when it has none', () => {
  const f = renderFinding(
    draft('undefined-reference', {
      use: 'tunnel-group-pool',
      tunnelGroup: 'vpn-phone-group',
      name: 'vpn-phone-pol',
      defined: ['vpn-phone-pool'],
      guess: 'vpn-phone-pool',
    }),
    {},
  );
  assert.equal(f.title, CATALOGUE['undefined-reference'].title);
  assert.equal(f.severity, 'error');
  assert.match(f.message, /Did you mean "vpn-phone-pool"\?/);
  assert.match(f.fix, /^tunnel-group vpn-phone-group general-attributes\n address-pool vpn-phone-pool\n/);
  const noGuess = renderFinding(
    draft('undefined-reference', { use: 'webvpn-enable', name: 'outsde', defined: [] }),
    {},
  );
  assert.match(noGuess.fix, /enable <defined name>$/);
  assert.equal(renderFinding(draft('login-failed', {}), {}).fix, CATALOGUE['login-failed'].fix);
});

test('the count is a field in JSON and "(seen n times)" in text, never part of the message', () => {
  const f = renderFinding(draft('dtls-failed-tls-ok', {}, [e('phone.log', 4)], { count: 3 }), {});
  assert.equal(f.count, 3);
  assert.equal(f.message, 'The TLS tunnel came up but DTLS failed; voice runs over TCP.');
  const report = { inputs: [], findings: [f] };
  const json = JSON.parse(render(report, 'json')) as { findings: { message: string; count: number }[] };
  assert.equal(json.findings[0]?.count, 3);
  assert.equal(json.findings[0]?.message, f.message);
  assert.match(render(report, 'text'), /voice runs over TCP\. \(seen 3 times\)\n/);
  assert.equal(renderFinding(draft('dtls-failed-tls-ok', {}, [], { count: 1 }), {}).count, undefined);
});

test('every catalogue entry has a title, a generic fix and a kind', () => {
  for (const [id, entry] of Object.entries(CATALOGUE)) {
    assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/, id);
    assert.ok(entry.title.length > 10 && entry.fix.length > 10, id);
    assert.ok(['config', 'log', 'probe'].includes(entry.kind), id);
  }
});

// Regression (issue 15): a 32 MB log with 300,000 distinct DNS failures gave 300,000 findings, 214 MB of JSON
// and 1.2 GB of memory; findings of one id are now capped, the rest counted.
test('past 20 findings of one id, further distinct ones are counted on the last one listed; evidence is capped with its total', () => {
  const drafts = Array.from({ length: 1000 }, (_, i) =>
    draft('dns-lookup-failed', { kind: 'failed', host: `h${i % 300}.example.com`, servers: [] }, [
      { source: 'p.log', line: i + 1, text: `gethostbyname failed <h${i % 300}.example.com>` },
    ]),
  );
  const merged = mergeDrafts(drafts, { countRepeats: true, maxEvidence: 2 });
  assert.equal(merged.length, 20);
  assert.equal(merged[0]?.count, 4);
  assert.equal(merged[0]?.evidence.length, 2);
  assert.equal(merged[0]?.evidenceTotal, 4);
  assert.deepEqual(merged[19]?.more, { findings: 280, count: 1000 - 20 * 4 });
  assert.equal(
    merged.slice(0, 19).some((d) => d.more),
    false,
  );
  const text = render({ inputs: [], findings: merged.map((d) => renderFinding(d, {})) }, 'text');
  assert.match(text, /And 280 more findings of this kind, not listed \(seen 920 times in all\)\./);
  assert.match(text, /\(2 of 4 evidence lines shown\)/);
  const json = JSON.parse(render({ inputs: [], findings: merged.map((d) => renderFinding(d, {})) }, 'json'));
  assert.equal(json.findings.length, 20);
});
