// One catalogue entry: a finding id's title, default severity, generic remedy, and the wording of its data.
import type { ObjectNames } from './names.js';
import type { Severity } from './types.js';

export type FindingKind = 'config' | 'log' | 'probe';

export interface Wording {
  message: string;
  /** Omitted: the entry's generic remedy. */
  fix?: string;
}

export interface Entry<D> {
  kind: FindingKind;
  severity: Severity;
  title: string;
  /** The generic remedy (SARIF help, and the fix when the wording gives none). */
  fix: string;
  /** Message and fix for what a check found, with the deployment's names. */
  text: (data: D, names: ObjectNames) => Wording;
}

/** An entry whose findings carry `D`. */
export function entry<D>(
  kind: FindingKind,
  severity: Severity,
  title: string,
  fix: string,
  text: (data: D, names: ObjectNames) => Wording,
): Entry<D> {
  return { kind, severity, title, fix, text };
}

/** The wording of a finding built from finished text (the live probe's findings, for now). */
export interface Prose {
  message: string;
  fix?: string;
}

export const prose = (d: Prose): Wording => d;

/** Indentation of a sub-command in a fix. */
export const I = ' ';

export function list(xs: readonly string[]): string {
  return xs.length === 0 ? 'none' : xs.join(', ');
}
