// Tests for the generic configuration tree: indentation, line numbers, CRLF, tabs, comments, exit, banners, quotes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countNodes, parseConfigTree, walk, words } from './tree.js';

test('children nest by indentation and keep exact 1-based line numbers', () => {
  const t = parseConfigTree(
    ': Saved\n!\ngroup-policy P attributes\n vpn-tunnel-protocol ssl-client\n webvpn\n  anyconnect ssl dtls none\nwebvpn\n enable outside\n',
  );
  assert.equal(t.roots.length, 2);
  const gp = t.roots[0];
  assert.equal(gp?.line, 3);
  assert.deepEqual(
    gp?.children.map((c) => [c.line, c.text]),
    [
      [4, 'vpn-tunnel-protocol ssl-client'],
      [5, 'webvpn'],
    ],
  );
  assert.equal(gp?.children[1]?.children[0]?.text, 'anyconnect ssl dtls none');
  assert.deepEqual(
    t.comments.map((c) => c.line),
    [1, 2],
  );
});

test('CRLF, lone CR, tabs and blocks indented differently give the same tree as spaces', () => {
  const lf = parseConfigTree(
    'webvpn\n enable outside\n anyconnect enable\nhostname a\ngroup-policy P attributes\n webvpn\n  anyconnect ssl dtls none\n',
  );
  const crlf = parseConfigTree(
    'webvpn\r\n\tenable outside\r\n\tanyconnect enable\rhostname a\r\ngroup-policy P attributes\n    webvpn\r\n    \tanyconnect ssl dtls none\r\n',
  );
  const shape = (t: typeof lf) => [...walk(t.roots)].map((n) => `${n.line}:${n.text}:${n.children.length}`);
  assert.deepEqual(shape(crlf), shape(lf));
});

test('`exit` closes the sub-mode of pasted configurations', () => {
  const t = parseConfigTree(
    'tunnel-group T webvpn-attributes\n group-url https://a/p enable\n exit\nwebvpn\n',
  );
  assert.deepEqual(
    t.roots.map((r) => r.text),
    ['tunnel-group T webvpn-attributes', 'webvpn'],
  );
  assert.equal(t.roots[0]?.children.length, 1);
});

test('an IOS-style delimited banner is one node with its lines as children', () => {
  const t = parseConfigTree('banner motd ^C\nWelcome\n  interface fake\n^C\nhostname x\n');
  assert.deepEqual(
    t.roots.map((r) => r.text),
    ['banner motd ^C', 'hostname x'],
  );
  assert.equal(t.roots[0]?.children.length, 3);
  // ASA banners are one line each and stay ordinary commands.
  const asa = parseConfigTree('banner motd Authorized access only\nbanner motd second line\n');
  assert.equal(asa.roots.length, 2);
});

test('words keeps a quoted string whole', () => {
  assert.deepEqual(words('ssl cipher tlsv1.2 custom "AES256-SHA:AES128-SHA"'), [
    'ssl',
    'cipher',
    'tlsv1.2',
    'custom',
    'AES256-SHA:AES128-SHA',
  ]);
  assert.deepEqual(words('banner motd "unterminated'), ['banner', 'motd', 'unterminated']);
});

test('lineOffset shifts every line number (capture sections)', () => {
  const t = parseConfigTree('webvpn\n enable outside\n', { lineOffset: 40 });
  assert.equal(t.roots[0]?.line, 41);
  assert.equal(t.roots[0]?.children[0]?.line, 42);
});

// Regression from fuzzing (issue 15, asa-deep-indent-stack-overflow.txt): thousands of increasing
// indent levels overflowed the recursive walk ("Maximum call stack size exceeded").
function deepIndent(levels: number): string {
  const lines = ['ASA Version 9.12(2)9'];
  // Tabs count to the next multiple of 8, so tabs then spaces make every level one deeper.
  for (let i = 0; i < levels; i++) lines.push(`${'\t'.repeat(i >> 3)}${' '.repeat(i & 7)}x`);
  return `${lines.join('\n')}\n`;
}

test('a tree 50,000 levels deep is built, walked and counted without recursion', () => {
  const t = parseConfigTree(deepIndent(10_000));
  assert.equal(t.nodeCount, 10_001);
  assert.equal(t.roots.length, 2);
  let n = 0;
  for (const node of walk(t.roots)) if (node.text === 'x') n++;
  assert.equal(n, 10_000);
  assert.equal(countNodes(t.roots), 10_001);
});
