// The lines around each piece of evidence, for `vpnphone ui` to open a finding's line in context: a second
// pass of the one input reader over the uploaded inputs (in memory), keeping only the lines near the
// evidence, each redacted in file order (LineRedactor) so that no window shows part of a key.
import { type InputLimits, type MemoryInput, readInputs } from '../cli/inputs.js';
import type { Finding } from '../findings/finding.js';
import { LineRedactor } from '../report/redact.js';

/** Lines kept, by source and line number. */
export type EvidenceContext = Record<string, Record<number, string>>;

/** Lines shown on each side of an evidence line. */
export const CONTEXT_RADIUS = 6;
const MAX_LINES = 50_000;
const MAX_LINE_CHARS = 2000;

/** The evidence lines of the findings, by source. */
export function evidenceLines(findings: readonly Finding[]): Map<string, Set<number>> {
  const m = new Map<string, Set<number>>();
  for (const f of findings)
    for (const e of f.evidence) {
      if (e.line === undefined) continue;
      const s = m.get(e.source) ?? new Set<number>();
      s.add(e.line);
      m.set(e.source, s);
    }
  return m;
}

export async function evidenceContext(
  memory: readonly MemoryInput[],
  wanted: Map<string, Set<number>>,
  limits: InputLimits,
  radius = CONTEXT_RADIUS,
): Promise<EvidenceContext> {
  const out: EvidenceContext = {};
  let kept = 0;
  const near = (lines: Set<number>, n: number) => {
    for (let d = -radius; d <= radius; d++) if (lines.has(n + d)) return true;
    return false;
  };
  await readInputs(
    [],
    {
      wants: (input) => ({ text: wanted.has(input.source) && !input.binary }),
      text(input) {
        const lines = wanted.get(input.source) ?? new Set<number>();
        const keep: Record<number, string> = {};
        out[input.source] = keep;
        const redactor = new LineRedactor();
        let n = 0;
        let carry = '';
        const take = (raw: string) => {
          n++;
          // The reader hands latin1 text, one character per UTF-8 byte.
          const text = redactor.line(Buffer.from(raw.replace(/\r$/, ''), 'latin1').toString('utf8'));
          if (kept < MAX_LINES && near(lines, n)) {
            keep[n] = text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)} …` : text;
            kept++;
          }
        };
        return {
          write(chunk) {
            const parts = (carry + chunk).split('\n');
            carry = parts.pop() ?? '';
            for (const p of parts) take(p);
          },
          end() {
            if (carry !== '') take(carry);
          },
        };
      },
    },
    { memory, limits },
  );
  return out;
}
