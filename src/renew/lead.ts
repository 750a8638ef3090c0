// When a renewal should begin: the lead before the headend certificate's expiry (no I/O, no imports, so the
// command definitions can show the default without loading anything).

/**
 * Default lead in days. A renewal ends with every phone downloading the new hash while inside the
 * network (a reset, or a visit to the office for teleworkers), and the old certificate has to stay in
 * service until the last one has: 30 days covers a monthly office visit with a few days to spare.
 */
export const DEFAULT_LEAD_DAYS = 30;

/** The day (YYYY-MM-DD) the renewal should begin: `leadDays` before `notAfter`. */
export function renewalStart(notAfter: Date, leadDays: number): string {
  return new Date(notAfter.getTime() - leadDays * 86_400_000).toISOString().slice(0, 10);
}
