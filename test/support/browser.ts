// Debian's Chromium, driven by playwright-core (no browser is ever downloaded): a fresh, empty profile each
// time, and no traffic of the browser's own (updates, sync, QUIC). Missing Chromium fails the test with how
// to install it; CI installs it (.ci/run).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { repoPath } from './paths.js';

export const CHROMIUM = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A browser with a new empty user data dir; close() ends it and removes the profile. */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: the browser tests need Debian's Chromium (apt-get install -y chromium; .ci/run installs it)`,
    );
  const profile = mkdtempSync(join(tmpdir(), 'vpnphone-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    timeout: 90_000,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** test-output/ at the repository root (ignored by git): screenshots of the browser tests. */
export function testOutput(name: string): string {
  const dir = repoPath('test-output');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}
