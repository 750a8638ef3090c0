// The HTML report and `vpnphone ui` in a real browser (Debian's Chromium through playwright-core): the report
// opened from file:// shows the findings and their evidence, loads nothing, shows no secret; the ui page
// takes the example cases through its file inputs, shows the same findings, filters them, opens evidence in
// context, and talks to nothing but its own server. Screenshots go to test-output/.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium, testOutput } from './support/browser.js';
import { repoPath, runCli, tempDir } from './support/paths.js';

const CASE = 'examples/doctor/dtls-cipher-mismatch';
const PRT = 'examples/doctor/cert-renewed-without-cucm/prt-20200402-091512-SEP682C7B40B5CE.tar.gz';
const SECRETS = ['Sup3rSecretPw', 'UrlSecret9', 'MIIEvQKeyBodySecret'];

/** Every request the page makes, to check that none leaves `allowed`. */
function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  return urls;
}

let browser: { context: BrowserContext; close: () => Promise<void> };
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

describe('doctor --format html in Chromium from file://', () => {
  const tmp = tempDir('vpnphone-html-');
  after(tmp.cleanup);

  test('shows the findings with their evidence and fixes, loads nothing, shows no secret', async () => {
    const dir = join(tmp.dir, 'case');
    cpSync(repoPath(CASE), dir, { recursive: true });
    // Secrets an engineer's inputs carry: a local user's password, a URL's password, a private key.
    const cfg = join(dir, 'asa-running-config.txt');
    writeFileSync(
      cfg,
      readFileSync(cfg, 'utf8').replace(
        /^hostname .*$/m,
        (h) => `${h}\nusername admin password ${SECRETS[0]} privilege 15`,
      ),
    );
    const log = join(dir, 'phone-console.log');
    writeFileSync(
      log,
      readFileSync(log, 'utf8').replace(
        'https://asav.sckiewer.lab/phone',
        `https://admin:${SECRETS[1]}@asav.sckiewer.lab/phone`,
      ),
    );
    writeFileSync(
      join(dir, 'identity.key'),
      `-----BEGIN PRIVATE KEY-----\n${SECRETS[2]}\n-----END PRIVATE KEY-----\n`,
    );
    for (const [file, secret] of [
      [cfg, SECRETS[0]],
      [log, SECRETS[1]],
    ] as const)
      assert.ok(readFileSync(file, 'utf8').includes(secret ?? '?'), `${file} holds the secret`);
    const out = join(tmp.dir, 'r.html');
    const r = runCli(['doctor', dir, '--format', 'html', '-o', out]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '', 'the report went to the file');
    const html = readFileSync(out, 'utf8');
    for (const s of SECRETS) assert.ok(!html.includes(s), `the file holds ${s}`);
    assert.doesNotMatch(html, /\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i, 'no network reference');
    assert.doesNotMatch(html, /@import|url\(/i, 'no stylesheet import');

    const page = await browser.context.newPage();
    const requests = recordRequests(page);
    await page.goto(pathToFileURL(out).href);
    const ids = await page
      .locator('article.finding')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    assert.ok(
      ids.includes('dtls-cipher-mismatch') && ids.includes('dtls-tls-cipher-mismatch'),
      ids.join(' '),
    );
    const finding = page.locator('article.finding[data-id="dtls-cipher-mismatch"]');
    const evidence = await finding.locator('.ev').allInnerTexts();
    assert.ok(
      evidence.some((t) => t.includes('phone-console.log:8') && t.includes('x-dtls-ciphersuite: AES128-SHA')),
      evidence.join('\n'),
    );
    const fix = page.locator('article.finding[data-id="dtls-tls-cipher-mismatch"] .cmds .cmd');
    assert.match(
      (await fix.first().textContent()) ?? '',
      /^ssl cipher dtlsv1 custom "AES256-SHA:AES128-SHA"/,
    );
    // The timeline is drawn with the findings marked on the phone lane.
    assert.ok((await page.locator('svg.lanes .mark').count()) >= 1);
    assert.ok((await page.locator('.tl tr.has-finding').count()) >= 1);
    // The redaction shows as a browser renders it; the inputs carry their SHA-256.
    // biome-ignore lint/performance/useDomNodeTextContent: playwright's innerText, the text as rendered
    const text = await page.locator('body').innerText();
    assert.match(
      text,
      /https:\/\/admin:<redacted>@asav\.sckiewer\.lab/,
      'the login URL, its password redacted',
    );
    for (const s of SECRETS) assert.ok(!text.includes(s));
    const sha = createHash('sha256').update(readFileSync(log)).digest('hex');
    assert.ok(text.includes(sha), 'the phone log with its SHA-256');
    // The severity filter works offline too.
    await page.locator('input.vp-sev[value="error"]').uncheck();
    assert.equal(await finding.isVisible(), false);
    await page.locator('input.vp-sev[value="error"]').check();
    assert.equal(await finding.isVisible(), true);
    await page.screenshot({ path: testOutput('doctor-report.png'), fullPage: true });
    await page.close();
    const foreign = requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'));
    assert.deepEqual(foreign, [], 'the page made no network request');
  });
});

describe('vpnphone ui in Chromium', () => {
  let server: ChildProcess;
  let url = '';
  let stderr = '';
  before(async () => {
    server = spawn(
      process.execPath,
      [repoPath('bin/vpnphone.js'), 'ui', '--port', '0', '--now', '2026-04-02'],
      {
        cwd: repoPath(),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    server.stderr?.on('data', (d) => {
      stderr += String(d);
    });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}${stderr}`)), 60_000);
      server.stdout?.on('data', (d) => {
        out += String(d);
        const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[0]);
        }
      });
      server.once('exit', (code) => reject(new Error(`vpnphone ui exited ${code}: ${stderr}`)));
    });
  });
  after(() => {
    if (server.exitCode === null) server.kill('SIGKILL');
  });

  test('takes the example cases through its file inputs, filters, opens evidence in context', async () => {
    const page = await browser.context.newPage();
    const requests = recordRequests(page);
    await page.goto(url);
    // A folder (as the folder picker gives it: names relative to the folder chosen).
    await page.locator('#folder').setInputFiles(repoPath(CASE));
    await page
      .locator('#status')
      .filter({ hasText: /files? read/ })
      .waitFor({ timeout: 60_000 });
    const ids = await page
      .locator('#out article.finding')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    assert.ok(
      ids.includes('dtls-cipher-mismatch') && ids.includes('dtls-tls-cipher-mismatch'),
      ids.join(' '),
    );
    const phoneFinding = page.locator('article.finding[data-id="dtls-cipher-mismatch"]');
    const configFinding = page.locator('article.finding[data-id="dtls-tls-cipher-mismatch"]');
    // Filter by source: the running configuration alone hides the phone log's finding.
    const sources = await page.locator('select.vp-src option').allInnerTexts();
    const config = sources.find((s) => s.endsWith('asa-running-config.txt'));
    assert.ok(config, sources.join(' '));
    await page.locator('select.vp-src').selectOption(config);
    assert.equal(await phoneFinding.isVisible(), false);
    assert.equal(await configFinding.isVisible(), true);
    await page.locator('select.vp-src').selectOption('');
    // Filter by severity.
    await page.locator('input.vp-sev[value="info"]').uncheck();
    assert.equal(await page.locator('article.finding[data-id="hostname-needs-dns"]').isVisible(), false);
    assert.equal(await phoneFinding.isVisible(), true);
    await page.locator('input.vp-sev[value="info"]').check();
    // Evidence opens in context: the lines around it, the line itself marked.
    const ev = phoneFinding.locator('.ev[data-line="8"]');
    const evText = await ev.locator('.text').textContent();
    await ev.click();
    const ctx = phoneFinding.locator('.ctx');
    await ctx.waitFor();
    assert.equal(((await ctx.locator('.hit').textContent()) ?? '').replace(/^8/, ''), evText);
    assert.ok((await ctx.locator('div').count()) > 5, 'lines before and after');
    await page.screenshot({ path: testOutput('ui-dtls-cipher-mismatch.png'), fullPage: true });

    // A problem report archive, read as the command line reads it.
    await page.locator('#files').setInputFiles(repoPath(PRT));
    await page.locator('article.finding[data-id="headend-cert-rejected"]').waitFor({ timeout: 60_000 });
    // biome-ignore lint/performance/useDomNodeTextContent: playwright's innerText, the table as rendered
    const inputs = await page.locator('table.inputs').innerText();
    assert.match(inputs, /!logs\/messages\s+phone-log/);
    const sha = createHash('sha256')
      .update(readFileSync(repoPath(PRT)))
      .digest('hex');
    assert.ok(inputs.includes(sha), inputs);
    assert.ok((await page.locator('svg.lanes .mark').count()) >= 1, 'the timeline marks the finding');
    await page.screenshot({ path: testOutput('ui-prt.png'), fullPage: true });
    await page.close();
    const foreign = requests.filter((u) => !u.startsWith(url));
    assert.deepEqual(foreign, [], 'the page talked only to its server');
  });

  test('ends cleanly on SIGINT', async () => {
    const code = await new Promise<number | null>((resolve) => {
      server.once('exit', (c) => resolve(c));
      server.kill('SIGINT');
    });
    assert.equal(code, 0, stderr);
  });
});
