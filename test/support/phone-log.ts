// Reading a probe's --log back as `vpnphone diagnose` does: its findings, and its connection attempts.
import { LogDiagnosis } from '../../src/checks/log/engine.js';
import { ATTEMPT_KINDS, type PhoneAttempt, PhoneAttempts } from '../../src/logs/attempts.js';
import { parseLogText } from '../../src/logs/parse.js';
import type { Finding } from '../../src/report/finding.js';

/** The findings the diagnose engine reads from a phone log. */
export function diagnoseFindings(text: string): Finding[] {
  const d = new LogDiagnosis({ now: Date.now() });
  const feed = d.openSource('probe.log');
  feed.write(text);
  feed.end();
  return d.findings();
}

/** The connection attempts `diagnose` reads from a phone log, in order. */
export function attemptsOf(text: string): PhoneAttempt[] {
  const out: PhoneAttempt[] = [];
  const attempts = new PhoneAttempts((a) => out.push(a));
  const kinds = new Set(ATTEMPT_KINDS);
  for (const e of parseLogText(text, 'probe.log')) if (kinds.has(e.kind)) attempts.event(e);
  attempts.end();
  return out;
}
