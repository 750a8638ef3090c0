// `vpnphone ui`'s server over loopback: uploads read in memory give the report `doctor` gives on the same files,
// bounds on count and size, the Host check, the page's own policy, and the lines around evidence redacted.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_LIMITS } from '../src/cli/inputs.js';
import { doctorReport } from '../src/cli/run/doctor.js';
import { parseUpload, startUi, type UiServer, uploadName } from '../src/ui/server.js';
import { repoPath } from './support/paths.js';

/** The body the page sends: a 4-byte length, the JSON list of names and sizes, the bytes. */
function uploadBody(files: { name: string; bytes: Uint8Array }[]): Uint8Array {
  const head = Buffer.from(
    JSON.stringify({ files: files.map((f) => ({ name: f.name, size: f.bytes.length })) }),
  );
  const len = Buffer.alloc(4);
  len.writeUInt32BE(head.length);
  return new Uint8Array(Buffer.concat([len, head, ...files.map((f) => Buffer.from(f.bytes))]));
}

/** An example case as the folder picker gives it, named relative to examples/ (so `../../lab/certs` resolve). */
function caseFiles(name: string): { name: string; bytes: Uint8Array }[] {
  const dir = repoPath('examples/doctor', name);
  return readdirSync(dir)
    .sort()
    .map((f) => ({ name: `doctor/${name}/${f}`, bytes: readFileSync(join(dir, f)) }));
}

const LAB_CERT = {
  name: 'lab/certs/asa-identity-cert.pem',
  bytes: readFileSync(repoPath('examples/lab/certs/asa-identity-cert.pem')),
};

async function post(url: string, body: Uint8Array, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}api/report`, {
    method: 'POST',
    headers,
    body: Buffer.from(body) as unknown as BodyInit,
  });
}

describe('vpnphone ui server', () => {
  let ui: UiServer;
  before(async () => {
    ui = await startUi({
      bind: '127.0.0.1',
      port: 0,
      limits: DEFAULT_LIMITS,
      maxFiles: 5,
      maxBytes: 1024 * 1024,
      now: new Date('2026-04-02T00:00:00Z'),
    });
  });
  after(() => ui.close());

  test('uploads read in memory give the findings doctor gives on the same files', async () => {
    for (const c of ['dtls-cipher-mismatch', 'cert-renewed-without-cucm', 'vpn-not-started-tftp']) {
      // The deployment's certificate is read from the uploads beside it (never from this machine's disk).
      const res = await post(
        ui.url,
        uploadBody([...caseFiles(c), ...(c === 'vpn-not-started-tftp' ? [LAB_CERT] : [])]),
      );
      assert.equal(res.status, 200, c);
      const j = (await res.json()) as { html: string; summary: string };
      const onDisk = await doctorReport(
        [repoPath('examples/doctor', c)],
        { expiryDays: '60', leadDays: '30', timeline: true },
        undefined,
        new Date('2026-04-02T00:00:00Z'),
      );
      const want = [...new Set(onDisk.report.findings.map((f) => f.id))].sort();
      const got = [...new Set([...j.html.matchAll(/data-id="([^"]+)"/g)].map((m) => m[1]))].sort();
      assert.deepEqual(got, want, c);
      assert.match(j.summary, /skipped: hidden, README/, 'README.md is skipped as in a folder walk');
    }
    const res = await post(ui.url, uploadBody(caseFiles('vpn-not-started-tftp')));
    const j = (await res.json()) as { html: string };
    assert.match(j.html, /asa-identity-cert\.pem: not among the uploaded files/);
  });

  test('the page: its own policy, nothing from elsewhere', async () => {
    const res = await fetch(ui.url);
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /connect-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    const html = await res.text();
    assert.doesNotMatch(html, /https?:\/\//);
    assert.match(html, /<input type="file" id="folder" webkitdirectory/);
  });

  test('uploads are bounded in count and size; a foreign Host or Origin is refused', async () => {
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `f${i}.log`, bytes: Buffer.from('x\n') }));
    let res = await post(ui.url, uploadBody(six));
    assert.equal(res.status, 413);
    assert.match(((await res.json()) as { error: string }).error, /at most 5/);
    const big = [{ name: 'big.log', bytes: Buffer.alloc(2 * 1024 * 1024, 0x61) }];
    res = await post(ui.url, uploadBody(big));
    assert.equal(res.status, 413);
    res = await post(ui.url, uploadBody(caseFiles('dns-failure')), { origin: 'http://attacker.example' });
    assert.equal(res.status, 403);
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const u = new URL(ui.url);
      const req = request(
        { host: u.hostname, port: u.port, path: '/', headers: { host: 'rebound.example' } },
        (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 421);
  });

  test('the lines around evidence come redacted, a key block hidden even where the window starts inside it', async () => {
    const log = readFileSync(repoPath('examples/doctor/dns-failure/phone-console.log'), 'utf8');
    const key =
      '-----BEGIN PRIVATE KEY-----\nMIIEvQKeyLine1\nKeyLine2\nKeyLine3\nKeyLine4\nKeyLine5\nKeyLine6\nKeyLine7\n-----END PRIVATE KEY-----\n';
    // Inserted after the log's fourth line: the window around the first evidence (line 7, now 17) starts
    // inside the key block, whose BEGIN line is out of the window.
    const logLines = log.split('\n');
    const text = [...logLines.slice(0, 4), `${key}password=FormSecret1`, ...logLines.slice(4)].join('\n');
    const res = await post(ui.url, uploadBody([{ name: 'phone.log', bytes: Buffer.from(text) }]));
    assert.equal(res.status, 200);
    const j = (await res.json()) as { html: string; context: Record<string, Record<string, string>> };
    assert.match(j.html, /dns-lookup-failed/);
    const lines = Object.values(j.context['phone.log'] ?? {});
    assert.ok(lines.length > 0, 'context kept');
    const ctx = j.context['phone.log'] ?? {};
    assert.equal(ctx['11'], '[private key redacted]', 'a line inside the key block');
    assert.equal(ctx['14'], 'password=<redacted>');
    assert.match(ctx['17'] ?? '', /do_login: URL/);
    const all = JSON.stringify(j);
    for (const s of ['KeyLine', 'FormSecret1']) assert.ok(!all.includes(s), s);
  });

  test('names are made relative and clean; malformed bodies are refused', () => {
    assert.equal(uploadName('../../etc/passwd', 0), 'etc/passwd');
    assert.equal(uploadName('C:\\Users\\me\\prt.tar.gz', 0), 'Users/me/prt.tar.gz');
    assert.equal(uploadName('\u0000', 3), 'upload-4');
    const ok = Buffer.from(uploadBody([{ name: 'a.log', bytes: Buffer.from('x') }]));
    assert.equal(
      parseUpload(Buffer.from(ok), { maxFiles: 5, limits: DEFAULT_LIMITS }).files[0]?.source,
      'a.log',
    );
    for (const bad of [
      Buffer.alloc(2),
      Buffer.concat([ok, Buffer.from('extra')]),
      ok.subarray(0, ok.length - 1),
    ])
      assert.throws(() => parseUpload(bad, { maxFiles: 5, limits: DEFAULT_LIMITS }), /malformed|empty/);
  });
});
