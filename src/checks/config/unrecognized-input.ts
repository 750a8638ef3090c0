// unrecognized-input: an input (or a capture section) no parser understood, or could not read; never fatal.
import { draft } from '../../findings/finding.js';
import { defineCheck } from '../define.js';
import { type AuditFacts, ev } from '../facts.js';

export const unrecognizedInput = defineCheck({
  id: 'unrecognized-input',
  needs: 'inputs',
  run(f) {
    // Inputs left unused for the same reason make one finding (the audit merges equal data).
    return [
      ...f.unrecognized.map((u) =>
        draft('unrecognized-input', { kind: 'not-used', hint: u.hint }, [
          { source: u.source, ...(u.line !== undefined ? { line: u.line } : {}), text: u.hint },
        ]),
      ),
      ...f.unreadable.map((u) =>
        draft('unrecognized-input', { kind: u.partial ? 'malformed' : 'unreadable', reason: u.reason }, [
          { source: u.source, ...(u.line !== undefined ? { line: u.line } : {}), text: u.reason },
        ]),
      ),
      // Never drop a line silently: a sub-command of a modeled block that vpnphone does not know, at its line.
      ...(f.asa?.value.unknownSubcommands ?? []).map((u) =>
        draft(
          'unrecognized-input',
          {
            kind: 'unknown-subcommand',
            block: u.block,
            command: u.loc.text,
            ...(u.guess !== undefined ? { guess: u.guess } : {}),
          },
          [ev(f.asa?.source ?? '', u.loc)],
        ),
      ),
      ...sameAsaCaptures(f).map((s) =>
        draft(
          'unrecognized-input',
          { kind: 'same-asa-capture', audited: f.asa?.source ?? '', source: s.source, host: s.host },
          [{ source: s.source, text: `running configuration of ${s.host} (read as the audited ASA)` }],
        ),
      ),
      ...f.otherAsaConfigs.map((s) =>
        draft(
          'unrecognized-input',
          { kind: 'second-running-config', audited: f.asa?.source ?? '', source: s },
          [{ source: s, text: 'running configuration (not audited)' }],
        ),
      ),
    ];
  },
});

/** Complete captures of the audited ASA beyond the one audited (its group's others), with the ASA's name. */
function sameAsaCaptures(f: AuditFacts): { source: string; host: string }[] {
  const cfg = f.asa?.value;
  const g = cfg ? f.asaGroups.find((x) => x.builder.cfg === cfg) : undefined;
  if (!g) return [];
  const host = cfg?.hostname?.value ?? g.key;
  return g.others.map((source) => ({ source, host }));
}
