// Findings and reports as the renderers and the live probe use them; the data and wording live in src/findings.
export type { Draft, Finding, Report } from '../findings/finding.js';
export { proseFinding as finding, sortFindings } from '../findings/finding.js';
export type { Evidence, InputSummary, NotCheckedEntry, Severity } from '../findings/types.js';
