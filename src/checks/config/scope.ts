// What a headend check may judge: a configuration that was read whole, or the sections it needs.
import { type ConfigPart, hasVpnHeadend, PART_COMMAND } from '../../asa/running-config.js';
import { type CheckOutcome, notChecked } from '../define.js';
import type { AuditFacts } from '../facts.js';
import { notCollected } from '../headends.js';

/** The commands that show the parts, as a sentence: "run `show running-config webvpn`". */
export function runCommands(parts: readonly ConfigPart[]): string {
  return `run ${parts.map((p) => `\`${PART_COMMAND[p]}\``).join(' and ')}`;
}

/** The parts the ASA's configuration was not read for (none when it was read whole). */
export function missingParts(f: AuditFacts, parts: readonly ConfigPart[]): ConfigPart[] {
  const cov = f.asa?.value.coverage;
  return cov ? parts.filter((p) => !cov.parts.has(p)) : [...parts];
}

/**
 * Why a headend check cannot judge what was read, or undefined when it can: no running configuration,
 * a whole configuration that is no remote-access VPN headend (`no-vpn-headend` says so once), or sections
 * that do not include a part the check needs (then which command shows it).
 */
export function headendUnchecked(f: AuditFacts, parts: readonly ConfigPart[]): CheckOutcome | undefined {
  const cfg = f.asa?.value;
  if (!cfg) return notChecked(notCollected(f) ?? 'needs the ASA running configuration');
  if (cfg.coverage.complete && !hasVpnHeadend(cfg))
    return notChecked('the configuration has no remote-access VPN headend (no-vpn-headend)');
  const missing = missingParts(f, parts);
  if (missing.length > 0)
    return notChecked(
      `only sections of the configuration were read (${cfg.coverage.sections.join(', ') || 'no whole `show running-config`'}): ${runCommands(missing)}`,
    );
  return undefined;
}
