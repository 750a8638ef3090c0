// The AXL XML reader against the general XML parser it replaced (fast-xml-parser, still used for phone
// configurations): the same objects on every AXL answer in the fixtures and on the shapes XML allows.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import type * as Fxp from 'fast-xml-parser';
import { repoPath } from '../../test/support/paths.js';
import { AxlXmlError, readAxlXml } from './axl-xml.js';

const { XMLParser } = createRequire(import.meta.url)('fast-xml-parser') as typeof Fxp;

/** What the AXL reader used to get: fast-xml-parser with its options, the XML declaration left out. */
function general(text: string): unknown {
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
  }).parse(text) as Record<string, unknown>;
  delete doc['?xml'];
  return doc;
}

function xmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? xmlFiles(p) : f.endsWith('.xml') && !f.includes('.cnf.') ? [p] : [];
  });
}

test('every AXL answer in the fixtures reads to the objects the general parser gave', () => {
  const files = xmlFiles(repoPath('test/fixtures/axl'));
  assert.ok(files.length >= 9, files.join(', '));
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    assert.deepEqual(readAxlXml(text), general(text), f);
  }
});

test('the shapes XML allows read alike: attributes, repeats, empty and mixed elements, CDATA, entities', () => {
  for (const t of [
    '<a><b x="1"/><b>y</b><c/><d></d><e> </e>&lt;t&gt;</a>',
    '<?xml version="1.0"?><a xmlns="u" xmlns:ns="v" ns:q="1">t<![CDATA[<z>]]></a>',
    '<a b=\'1 > 0\' c="&quot;x&amp;y&quot;">v</a>',
    '<a>&#65;&#x42;&amp;amp;&unknown;</a>',
    '<a><b>1</b>mid<b>2</b></a>',
    '<!DOCTYPE a><a>x</a>',
    '<a><!-- <b>no</b> --><b>x</b></a>',
    '<a><b>x</b>',
    '<a><b>x</a>',
    '<a></b></a>',
    '<a>x</a></c>',
    '<s:Envelope><s:Body><ns:r><return><vpnGateway uuid="{1}"><name>g</name></vpnGateway></return></ns:r></s:Body></s:Envelope>',
  ])
    assert.deepEqual(readAxlXml(t), general(t), t);
});

test('an unterminated tag or a __proto__ element is an error, as the general parser threw', () => {
  for (const t of ['<a', '<a b="x>', '<a><__proto__>x</__proto__></a>'])
    assert.throws(() => readAxlXml(t), AxlXmlError, t);
  assert.equal(Object.getPrototypeOf(readAxlXml('<a><constructor>x</constructor></a>')), Object.prototype);
});

test('200,000 nested elements are read without recursion', () => {
  const deep = `${'<a>'.repeat(200_000)}x${'</a>'.repeat(200_000)}`;
  let node: unknown = readAxlXml(deep);
  let depth = 0;
  while (node && typeof node === 'object') {
    node = (node as Record<string, unknown>)['a'];
    depth++;
  }
  assert.equal(depth, 200_000);
  assert.equal(node, 'x');
});
