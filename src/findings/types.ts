// The plain shapes findings and reports are made of (RULES.md): severity, evidence, input summaries.

export type Severity = 'error' | 'warning' | 'info';

export interface Evidence {
  /** The input's path, or `probe` for the live emulator. */
  source: string;
  /** 1-based line number in the source, when the evidence is a line. */
  line?: number;
  /** The exact line or value. */
  text: string;
}

export interface InputSummary {
  source: string;
  kind: string;
  /** Why an input is not used, or a detail about it (e.g. a signed .sgn file). */
  hint?: string;
  /** For a capture of many commands: each command and what it was recognized as. */
  sections?: { command: string; line: number | undefined; kind: string }[];
  /** SHA-256 (hex) of the input's bytes as read (a file, an archive member as stored), when asked (HTML). */
  sha256?: string;
}

/** A check that could not run for lack of an input. */
export interface NotCheckedEntry {
  id: string;
  reason: string;
  /** The check threw (a bug): its error. The command says so on standard error and exits 2. */
  error?: string;
}
