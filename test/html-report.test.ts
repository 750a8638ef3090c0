// The HTML report as a file: hostile evidence escaped, no network reference, the policy that allows only the
// page's own style and script (by hash), and the commands that write it (probe's and renew's included).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Report } from '../src/findings/finding.js';
import { render } from '../src/report/render.js';
import { repoPath, runCli, tempDir } from './support/paths.js';

const tmp = tempDir('vpnphone-html-report-');
after(tmp.cleanup);

/** The page's inline <style> and <script> blocks, and the hashes its policy allows. */
function inline(html: string): { styles: string[]; scripts: string[]; csp: string } {
  const all = (re: RegExp) => [...html.matchAll(re)].map((m) => m[1] ?? '');
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
  return { styles: all(/<style>([\s\S]*?)<\/style>/g), scripts: all(/<script>([\s\S]*?)<\/script>/g), csp };
}

const sha = (s: string) => createHash('sha256').update(s).digest('base64');

test('hostile evidence is escaped: no element or attribute of its own reaches the page', () => {
  const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
  const report: Report = {
    inputs: [{ source: `"><svg onload=alert(3)>.log`, kind: 'phone-log' }],
    findings: [
      {
        id: 'unrecognized-input',
        severity: 'warning',
        title: 'Input not recognized',
        message: hostile,
        evidence: [{ source: `"><svg onload=alert(3)>.log`, line: 1, text: hostile }],
        fix: `no shutdown ${hostile}`,
      },
    ],
  };
  const html = render(report, 'html', undefined, { command: 'doctor' });
  const { scripts } = inline(html);
  assert.equal(scripts.length, 1, 'the page has its one script, no other');
  assert.ok(!html.includes('<img src=x'));
  assert.ok(!html.includes('<svg onload'));
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(html.includes('data-src="&quot;&gt;&lt;svg onload=alert(3)&gt;.log"'));
});

test('doctor --format html: policy by hash, no network reference, inputs with their SHA-256', () => {
  const out = join(tmp.dir, 'r.html');
  const r = runCli(['doctor', 'examples/doctor/dtls-cipher-mismatch', '--format', 'html', '-o', out]);
  assert.equal(r.code, 1, r.stderr);
  const html = readFileSync(out, 'utf8');
  const { styles, scripts, csp } = inline(html);
  assert.match(csp, /^default-src &#39;none&#39;; style-src &#39;sha256-/);
  for (const s of [...styles, ...scripts])
    assert.ok(csp.includes(sha(s)), 'each inline block allowed by its hash');
  assert.doesNotMatch(html, /\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
  assert.doesNotMatch(html, /@import|url\(/);
  for (const f of ['asa-running-config.txt', 'phone-console.log']) {
    const hex = createHash('sha256')
      .update(readFileSync(repoPath('examples/doctor/dtls-cipher-mismatch', f)))
      .digest('hex');
    assert.ok(html.includes(hex), `${f} with its SHA-256`);
  }
  assert.match(html, /<svg class="lanes"/, 'the timeline, without --timeline');
  assert.match(html, /@media print/);
});

test('renew plan --format html: the steps, ASA commands with a copy button', () => {
  const r = runCli(['renew', 'plan', '-d', 'examples/lab/deployment.yaml', '--format', 'html']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /<h1>vpnphone renew plan report<\/h1>/);
  assert.match(r.stdout, /<pre class="cmd">crypto key generate rsa label /);
  assert.match(r.stdout, /updateVpnGateway/);
  const bad = runCli(['renew', 'plan', '-d', 'examples/lab/deployment.yaml', '--format', 'pdf']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--format pdf: use text, json or html/);
});
