// AXL requests checked against Cisco's AXL schema with xmllint: the request element out of its SOAP envelope.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The AXL 14.0 schema copied into the fixtures (MIT, Cisco DevNet); `npm test` uses only this copy. */
export const AXL_SCHEMA_FIXTURE = 'test/fixtures/axl-schema/14.0/AXLSoap.xsd';

const AXL_NS = /http:\/\/www\.cisco\.com\/AXL\/API\/[0-9.]+/;

/**
 * The SOAP body's element (a request or a response) alone, as a document xmllint can check against the
 * schema. `asVersion` rewrites the AXL namespace (an 11.5 request is checked against the 14.0 schema:
 * the VPN objects are the same from 10.5 to 15).
 */
export function bodyElement(envelope: string, asVersion?: string): { operation: string; xml: string } {
  const ns = /xmlns:(\w+)="(http:\/\/www\.cisco\.com\/AXL\/API\/[0-9.]+)"/.exec(envelope);
  if (!ns?.[1] || !ns[2]) throw new Error('no AXL namespace in the envelope');
  const prefix = ns[1];
  const open = new RegExp(`<${prefix}:(\\w+)(\\s[^>]*)?>`).exec(envelope.slice(envelope.indexOf('Body>')));
  if (!open?.[1]) throw new Error('no AXL element in the SOAP body');
  const operation = open[1];
  const start = envelope.indexOf(`<${prefix}:${operation}`);
  const closeTag = `</${prefix}:${operation}>`;
  const end = envelope.indexOf(closeTag, start);
  if (start < 0 || end < 0) throw new Error(`no complete ${operation} element`);
  let xml = envelope.slice(start, end + closeTag.length);
  const uri = asVersion ? ns[2].replace(AXL_NS, `http://www.cisco.com/AXL/API/${asVersion}`) : ns[2];
  if (!new RegExp(`^<${prefix}:${operation}[^>]*xmlns:${prefix}=`).test(xml))
    xml = xml.replace(`<${prefix}:${operation}`, `<${prefix}:${operation} xmlns:${prefix}="${uri}"`);
  else if (asVersion) xml = xml.replace(AXL_NS, `http://www.cisco.com/AXL/API/${asVersion}`);
  return { operation, xml: `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n` };
}

/** xmllint --schema on one file: ok, or its error text. */
export function xmllint(schema: string, file: string): { ok: boolean; out: string } {
  const bad = xmllintFiles(schema, [file]);
  return { ok: bad.length === 0, out: bad.join('\n') };
}

/**
 * xmllint --schema on many files in one run (the 3.7 MB schema is read once): the errors of each
 * file that fails, empty when all validate. A file xmllint does not say validates counts as failed.
 */
export function xmllintFiles(schema: string, files: readonly string[]): string[] {
  const r = spawnSync('xmllint', ['--noout', '--schema', schema, ...files], { encoding: 'utf8' });
  if (r.error) throw r.error;
  const text = `${r.stderr}\n${r.stdout}`;
  return files
    .filter((f) => !text.includes(`${f} validates`))
    .map((f) => {
      const lines = text.split('\n').filter((l) => l.startsWith(`${f}:`) || l.startsWith(f));
      return `${f}: ${lines.join(' | ') || 'no verdict'}`;
    });
}

/** Writes each envelope's element (as AXL 14.0) into `dir` and validates them all; returns the failures. */
export function validateEnvelopes(
  schema: string,
  dir: string,
  envelopes: readonly { name: string; body: string }[],
): string[] {
  const files = envelopes.map((e) => {
    const f = join(dir, `${e.name}.xml`);
    writeFileSync(f, bodyElement(e.body, '14.0').xml);
    return f;
  });
  return xmllintFiles(schema, files);
}
