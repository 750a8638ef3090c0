// A check that throws is a bug made visible: the run goes on, and the report names the check and its error
// under `notChecked` (the CLI also says so on standard error and exits 2). Used by the audit and the log engine.
import type { NotCheckedEntry } from '../findings/types.js';

/** The `notChecked` entry of check `id`, which threw `e` (reading `source`, for the log checks). */
export function crashEntry(id: string, e: unknown, source?: string): NotCheckedEntry {
  const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const where = source !== undefined ? ` (reading ${source})` : '';
  return { id, reason: `internal error, a bug in vpnphone${where}: ${error}`, error };
}

/** The checks of a report's `notChecked` that threw. */
export function crashesIn(notChecked: readonly NotCheckedEntry[] | undefined): NotCheckedEntry[] {
  return (notChecked ?? []).filter((n) => n.error !== undefined);
}
