// Splits a terminal capture or `show tech-support` into its commands, keeping each section's line numbers.
import { splitLines } from '../asa/tree.js';
import { PROMPT_RE, techHeaderCommand } from './classify.js';

export interface CaptureSection {
  /** The command as typed, e.g. `show running-config`. */
  command: string;
  /** The prompt or header line (1-based), when there is one. */
  promptLine: number | undefined;
  /** The ASA the prompt names (`fw/pri/act(config)#` → `fw`), lower case; undefined for a header or no prompt. */
  host?: string;
  /** 0-based line index of the section's first output line: add it to a parser's line numbers. */
  lineOffset: number;
  text: string;
}

/**
 * A terminal capture taken without `terminal pager 0` holds the ASA's pager prompt wherever a screen filled:
 * `<--- More --->`, what erased it (a carriage return, NUL padding and spaces, another return; or backspaces
 * and spaces), then the next line of output. The prompt, its backspaces and the NULs are taken out; the line
 * breaks stay (line numbers are the file's) and so does the next line's indentation, so a block the pager cut
 * is one block again.
 */
export function withoutPager(text: string): string {
  if (!text.includes(PAGER_PROMPT)) return text;
  return text.replace(PAGER, '').replace(/\0/g, '');
}

const PAGER_PROMPT = '<--- More --->';
// The prompt, then any erasure by backspaces (spaces or NULs written over it, then backspaces again).
const PAGER = /<--- More --->(?:[ \0]*\x08+)*/g;

/** Sections in order; text before the first prompt is a section with an empty command. */
export function splitCapture(text: string): CaptureSection[] {
  const lines = splitLines(text);
  const out: CaptureSection[] = [];
  let cur: { command: string; promptLine: number | undefined; host?: string; start: number } = {
    command: '',
    promptLine: undefined,
    start: 0,
  };
  const close = (end: number) => {
    if (end > cur.start || cur.command !== '')
      out.push({
        command: cur.command,
        promptLine: cur.promptLine,
        ...(cur.host !== undefined ? { host: cur.host } : {}),
        lineOffset: cur.start,
        text: lines.slice(cur.start, end).join('\n'),
      });
  };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (l.length > 400) continue;
    const m = PROMPT_RE.exec(l);
    const cmd = m?.[2] ?? techHeaderCommand(l);
    if (cmd !== undefined) {
      close(i);
      const host = m?.[1] !== undefined ? promptHost(m[1]) : undefined;
      cur = { command: cmd.trim(), promptLine: i + 1, ...(host !== undefined ? { host } : {}), start: i + 1 };
    }
  }
  close(lines.length);
  return out.filter((s) => s.command !== '' || s.text.trim() !== '');
}

/** Failover and unit words an ASA prompt may show after the hostname (`prompt hostname priority state`). */
const PROMPT_STATE = new Set([
  'act',
  'stby',
  'pri',
  'sec',
  'actnofailover',
  'stbynofailover',
  'active',
  'standby',
]);

/**
 * The ASA a prompt belongs to: the hostname (and security context, `fw/admin`) without the mode
 * (`(config)`, `(config-tunnel-webvpn)`) or the failover words (`/pri/act`, `/stby`), in lower case.
 */
export function promptHost(prompt: string): string {
  const noMode = prompt.replace(/\([\w-]+\)$/, '');
  const parts = noMode.split('/').filter((p, i) => i === 0 || !PROMPT_STATE.has(p.toLowerCase()));
  return parts.join('/').toLowerCase();
}

/** `show running-config` section words the prefix of which a capture may type. */
const RUN_SECTIONS = [
  'tunnel-group',
  'group-policy',
  'webvpn',
  'ssl',
  'crypto',
  'interface',
  'nameif',
  'all',
];

/** Canonical command for a typed abbreviation: `sh run` → `show running-config`. */
export function canonicalCommand(cmd: string): string {
  const w = cmd.trim().split(/\s+/);
  const first = (w[0] ?? '').toLowerCase();
  const second = (w[1] ?? '').toLowerCase();
  if (first === 'more' && /^system:running-config/.test(second)) return 'show running-config';
  if (!/^sh(o(w)?)?$/.test(first)) return cmd.trim();
  const pick = (full: string, min: number) => second.length >= min && full.startsWith(second);
  if (pick('running-config', 3)) {
    const args = w.slice(2);
    const a = (args[0] ?? '').toLowerCase();
    // `sh run tun` is `show running-config tunnel-group`: the ASA takes any unambiguous prefix.
    const full = a.length >= 3 ? RUN_SECTIONS.find((x) => x.startsWith(a)) : undefined;
    if (full !== undefined) args[0] = full;
    if (full === 'crypto' && args[1] !== undefined && args[1].length >= 2 && 'ca'.startsWith(args[1]))
      args[1] = 'ca';
    return `show running-config${args.length > 0 ? ` ${args.join(' ')}` : ''}`;
  }
  if (pick('version', 3)) return 'show version';
  if (second === 'ip' && w.length === 2) return 'show ip';
  if (pick('vpn-sessiondb', 3)) return `show vpn-sessiondb ${w.slice(2).join(' ')}`.trim();
  if (pick('crypto', 3)) {
    const args = w.slice(2);
    // `sh crypto ca cert NAME` is `show crypto ca certificates NAME`.
    if (
      args[0] === 'ca' &&
      args[1] !== undefined &&
      args[1].length >= 4 &&
      'certificates'.startsWith(args[1])
    )
      args[1] = 'certificates';
    return `show crypto ${args.join(' ')}`.trim();
  }
  if (second === 'ssl') return `show ssl${w.length > 2 ? ` ${w.slice(2).join(' ')}` : ''}`;
  return `show ${w.slice(1).join(' ')}`.trim();
}
