// What `vpnphone generate <target>` does; loaded by ../commands/generate.ts only when a target runs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateAsaConfig, selfEnrollExportCommand } from '../../asa/generate.js';
import { generateAxlRequests, generateCucmChecklist } from '../../cucm/generate.js';
import { generatePhoneConfig } from '../../cucm/phone-config.js';
import { headendLabel, untrustedIdentity } from '../../model/identity.js';
import { formatProblem, type LoadedDeployment } from '../../model/load.js';
import { generateOcservConf, type OcservOptions, phoneCaBundle } from '../../ocserv/generate.js';
import { describeFsError, loadDeploymentFile, macOption, UsageError, writeOutput } from '../io.js';

/**
 * Loads the deployment for generating: refuses one whose headend would present a certificate its gateway's
 * phones do not trust (a site that fails on day one), and warns that a self-enrolled one is not trusted yet.
 */
function loadForGenerate(path: string): LoadedDeployment {
  const loaded = loadDeploymentFile(path);
  const untrusted = untrustedIdentity(loaded);
  if (untrusted.length > 0)
    throw new UsageError(`${path}: ${untrusted.map((u) => u.message).join(`\n${path}: `)}`);
  for (const w of loaded.warnings ?? []) process.stderr.write(`vpnphone: WARNING: ${formatProblem(w)}\n`);
  const h = loaded.deployment.headend;
  if (h.identity.enroll === 'self') {
    const tp = h.identity.trustpoint;
    process.stderr.write(
      [
        `vpnphone: WARNING: headend ${headendLabel(h)} enrolls a NEW self-signed certificate (enroll: self) in trustpoint ${tp}.`,
        "vpnphone: WARNING: the phones cannot trust it until it is on CUCM: the gateway's certificates do not hold it yet.",
        `vpnphone: export it on the ASA with: ${selfEnrollExportCommand(tp)}`,
        'vpnphone: paste the output into `vpnphone cert from-asa --out-cert FILE`, upload FILE to CUCM as Phone-VPN-trust,',
        'vpnphone: add it to the VPN gateway (and to cucm.vpnGateways[].certificates), then reset the phones inside.',
        '',
      ].join('\n'),
    );
  }
  return loaded;
}

export interface CommonOpts {
  deployment: string;
  output?: string;
}

/** The ocserv.conf options come straight from the command line (same names), plus where to write the CA bundle. */
export type OcservCliOpts = OcservOptions & { caBundle?: string };

export function generateAsa(o: CommonOpts): number {
  writeOutput(generateAsaConfig(loadForGenerate(o.deployment)), o.output);
  return 0;
}

export function generateCucm(o: CommonOpts & { format: string; outDir?: string }): number {
  const loaded = loadForGenerate(o.deployment);
  if (o.format === 'checklist') {
    writeOutput(generateCucmChecklist(loaded), o.output);
    return 0;
  }
  if (o.format !== 'axl') throw new UsageError(`--format ${o.format}: expected checklist or axl`);
  const requests = generateAxlRequests(loaded);
  if (o.outDir !== undefined) {
    const dir = o.outDir;
    try {
      mkdirSync(dir, { recursive: true });
      requests.forEach((r, i) => {
        writeFileSync(join(dir, `${String(i + 1).padStart(2, '0')}-${r.operation}.xml`), r.body);
      });
    } catch (e) {
      throw new UsageError(`cannot write to ${dir}: ${describeFsError(e)}`);
    }
    return 0;
  }
  writeOutput(
    requests.map((r, i) => `<!-- request ${i + 1}: ${r.operation} -->\n${r.body}`).join('\n'),
    o.output,
  );
  return 0;
}

export function generateOcserv(o: CommonOpts & OcservCliOpts): number {
  const loaded = loadForGenerate(o.deployment);
  if (loaded.deployment.headend.kind !== 'ocserv') {
    throw new UsageError(
      `${o.deployment}: headend.kind is ${loaded.deployment.headend.kind}; set it to ocserv (and the group URL path to /svc)`,
    );
  }
  const { deployment: _deployment, output: _output, caBundle: _caBundle, ...given } = o;
  // Options not given stay absent (exactOptionalPropertyTypes: absent, not undefined).
  const opts = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as OcservOptions;
  if (o.caBundle !== undefined) {
    const bundle = phoneCaBundle(loaded);
    if (!bundle) throw new UsageError(`--ca-bundle: ${o.deployment} names no phone CA certificate file`);
    writeOutput(bundle, o.caBundle);
  }
  writeOutput(generateOcservConf(loaded, opts), o.output);
  return 0;
}

export function generatePhone(o: CommonOpts & { mac: string }): number {
  const loaded = loadForGenerate(o.deployment);
  const mac = macOption(o.mac);
  const phone = loaded.deployment.phones.find((p) => p.mac === mac);
  if (!phone) {
    const known = loaded.deployment.phones.map((p) => p.mac).join(', ') || 'none';
    throw new UsageError(`phone ${mac} is not in ${o.deployment} (phones: ${known})`);
  }
  writeOutput(generatePhoneConfig(loaded, phone), o.output);
  return 0;
}
