// unrecognized-input: an input (or a capture section) no parser understood, or could not read; never fatal.
import { finding } from '../../report/finding.js';
import { defineCheck } from '../define.js';

export const unrecognizedInput = defineCheck({
  id: 'unrecognized-input',
  needs: 'inputs',
  run(f) {
    return [
      ...f.unrecognized.map((u) =>
        finding('unrecognized-input', {
          message: `Not used: ${u.hint}.`,
          evidence: [{ source: u.source, ...(u.line !== undefined ? { line: u.line } : {}), text: u.hint }],
          fix: /vpnphone diagnose/.test(u.hint)
            ? 'Run `vpnphone diagnose` on log files.'
            : 'Nothing to fix if this input was not meant for the audit; otherwise check that it is the complete output (e.g. `show running-config`, SEP<MAC>.cnf.xml, a PEM certificate).',
        }),
      ),
      ...f.unreadable.map((u) =>
        finding('unrecognized-input', {
          message: `Recognized but could not be read: ${u.reason}`,
          evidence: [{ source: u.source, ...(u.line !== undefined ? { line: u.line } : {}), text: u.reason }],
          fix: 'Fix the file (see the message) and run the audit again.',
        }),
      ),
      ...f.otherAsaConfigs.map((s) =>
        finding('unrecognized-input', {
          message: `A second ASA running configuration: only ${f.asa?.source} is audited. Audit each ASA separately.`,
          evidence: [{ source: s, text: 'running configuration (not audited)' }],
          fix: `vpnphone audit ${s} ...`,
        }),
      ),
    ];
  },
});
