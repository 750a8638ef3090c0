// unrecognized-input: an input (or a capture section) no parser understood, or could not read; never fatal.
import { draft } from '../../findings/finding.js';
import { defineCheck } from '../define.js';

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
