// The closest defined name to a misspelt one, for the checks that suggest what was meant.

/** Edit distance, for suggesting the name that was probably meant. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > 8) return Math.max(m, n);
  let prev = new Int32Array(n + 1);
  let cur = new Int32Array(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[n]!;
}

/**
 * The defined name closest to `name` (at most a third of its length away, and at least 2), if any. A
 * defined name whose length differs by more than that is never it (the distance is at least the
 * difference), so it is not measured: a long word costs nothing against short names.
 */
export function closest(name: string, defined: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 3));
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const d of defined) {
    if (Math.abs(d.length - name.length) > limit) continue;
    const dist = editDistance(lower, d.toLowerCase());
    if (dist < bestD) {
      bestD = dist;
      best = d;
    }
  }
  return best !== undefined && bestD <= limit ? best : undefined;
}
