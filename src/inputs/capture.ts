// Splits a terminal capture or `show tech-support` into its commands, keeping each section's line numbers.
import { splitLines } from '../asa/tree.js';
import { PROMPT_RE, techHeaderCommand } from './classify.js';

export interface CaptureSection {
  /** The command as typed, e.g. `show running-config`. */
  command: string;
  /** The prompt or header line (1-based), when there is one. */
  promptLine: number | undefined;
  /** 0-based line index of the section's first output line: add it to a parser's line numbers. */
  lineOffset: number;
  text: string;
}

/** Sections in order; text before the first prompt is a section with an empty command. */
export function splitCapture(text: string): CaptureSection[] {
  const lines = splitLines(text);
  const out: CaptureSection[] = [];
  let cur: { command: string; promptLine: number | undefined; start: number } = {
    command: '',
    promptLine: undefined,
    start: 0,
  };
  const close = (end: number) => {
    if (end > cur.start || cur.command !== '')
      out.push({
        command: cur.command,
        promptLine: cur.promptLine,
        lineOffset: cur.start,
        text: lines.slice(cur.start, end).join('\n'),
      });
  };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (l.length > 400) continue;
    const cmd = PROMPT_RE.exec(l)?.[2] ?? techHeaderCommand(l);
    if (cmd !== undefined) {
      close(i);
      cur = { command: cmd.trim(), promptLine: i + 1, start: i + 1 };
    }
  }
  close(lines.length);
  return out.filter((s) => s.command !== '' || s.text.trim() !== '');
}

/** Canonical command for a typed abbreviation: `sh run` → `show running-config`. */
export function canonicalCommand(cmd: string): string {
  const w = cmd.trim().split(/\s+/);
  const first = (w[0] ?? '').toLowerCase();
  const second = (w[1] ?? '').toLowerCase();
  if (first === 'more' && /^system:running-config/.test(second)) return 'show running-config';
  if (!/^sh(o(w)?)?$/.test(first)) return cmd.trim();
  const pick = (full: string, min: number) => second.length >= min && full.startsWith(second);
  if (pick('running-config', 3))
    return `show running-config${w.length > 2 ? ` ${w.slice(2).join(' ')}` : ''}`;
  if (pick('version', 3)) return 'show version';
  if (second === 'ip' && w.length === 2) return 'show ip';
  if (pick('vpn-sessiondb', 3)) return `show vpn-sessiondb ${w.slice(2).join(' ')}`.trim();
  if (pick('crypto', 3)) return `show crypto ${w.slice(2).join(' ')}`.trim();
  if (second === 'ssl') return `show ssl${w.length > 2 ? ` ${w.slice(2).join(' ')}` : ''}`;
  return `show ${w.slice(1).join(' ')}`.trim();
}
