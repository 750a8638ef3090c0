// defineCheck: one log check per file, a stateful reader of one source's events that reports findings.

import type { RuleId } from '../../findings/catalogue/index.js';
import type { Draft } from '../../findings/finding.js';
import type { Evidence } from '../../findings/types.js';
import type { EventKind, LogEvent } from '../../logs/event.js';
import type { SessionClients } from './clients.js';

export interface LogCheckRun {
  event(e: LogEvent): void;
  /** End of the source: report what is still pending. */
  end(): void;
}

/** What the checks of one source share, made once per source by the engine. */
export interface SourceContext {
  /**
   * Who the headend events are about (phone or another client): fed by the engine with every client event
   * (CLIENT_KINDS) before the checks see it. Only for checks with `clients: true`.
   */
  clients: SessionClients;
}

export interface LogCheck {
  id: RuleId;
  /** The only event kinds this check is given (the engine dispatches by kind). */
  kinds: readonly EventKind[];
  /** The check words its findings by client: the source's SessionClients is fed with the client events. */
  clients?: true;
  /**
   * A fresh run for one source; `report` may be called any number of times. What it reports is data:
   * the wording, with the deployment's names, comes after all sources are read (so doctor can name
   * the objects of the running configuration it reads alongside).
   */
  create(report: (d: Draft) => void, source: SourceContext): LogCheckRun;
}

export function defineCheck(check: LogCheck): LogCheck {
  return check;
}

export function evidenceOf(e: LogEvent): Evidence {
  return { source: e.source, line: e.line, text: e.text };
}

/** Evidence lines in file order without duplicates, at most `max`. */
export function evidenceList(events: readonly (LogEvent | undefined)[], max = 8): Evidence[] {
  const seen = new Set<number>();
  const out: LogEvent[] = [];
  for (const e of events) {
    if (!e || seen.has(e.line)) continue;
    seen.add(e.line);
    out.push(e);
  }
  out.sort((a, b) => a.line - b.line);
  return out.slice(0, max).map(evidenceOf);
}

/** `(AES256)` bulk cipher of a suite name, to compare a TLS suite with a DTLS 0.9 one. */
export function bulkOf(cipher: string): string {
  const c = cipher.toUpperCase().replace(/[_-]/g, '');
  if (c.includes('AES256')) return 'AES256';
  if (c.includes('AES128')) return 'AES128';
  if (c.includes('3DES') || c.includes('DESCBC3')) return '3DES';
  if (c.includes('CHACHA20')) return 'CHACHA20';
  return c;
}
