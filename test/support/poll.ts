// Polling with a deadline, for tests that wait on something asynchronous (a packet, a reload, a log line)
// instead of sleeping a fixed time.

/**
 * Calls `probe` every `intervalMs` until it returns something other than undefined/false, and resolves to
 * that; rejects naming `what` once `timeoutMs` has passed.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 5000, intervalMs = 10 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
