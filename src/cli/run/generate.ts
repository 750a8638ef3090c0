// What `vpnphone generate <target>` does; loaded by ../commands/generate.ts only when a target runs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateAsaConfig, selfEnrollExportCommand } from '../../asa/generate.js';
import { generateAxlRequests, generateCucmChecklist } from '../../cucm/generate.js';
import { generatePhoneConfig, phoneConfigFileName } from '../../cucm/phone-config.js';
import { findHeadend, headendNames } from '../../model/headends.js';
import { headendLabel, untrustedIdentity } from '../../model/identity.js';
import { formatProblem, type LoadedDeployment } from '../../model/load.js';
import type { Headend } from '../../model/schema.js';
import { generateOcservConf, type OcservOptions, phoneCaBundle } from '../../ocserv/generate.js';
import { phoneFilesFor } from '../../serve/files.js';
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
  return loaded;
}

/** Says, once per headend written, that a self-enrolled certificate is not trusted by the phones yet. */
function warnSelfEnroll(h: Headend): void {
  if (h.identity.enroll !== 'self') return;
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

export interface CommonOpts {
  deployment: string;
  output?: string;
}

/** Where one output per headend goes: `--headend NAME` picks one, `--out-dir DIR` writes each. */
export interface HeadendOpts {
  headend?: string;
  outDir?: string;
}

/** A headend's file name in an output folder: its name, with what a file name cannot hold replaced. */
export function headendFileName(h: Headend, kind: Headend['kind']): string {
  return `${h.name.replace(/[^A-Za-z0-9._-]/g, '_')}${kind === 'asa' ? '.cfg' : '.conf'}`;
}

/** The headends of one kind a command writes: the one named, the only one, or (with --out-dir) each. */
function headendsToWrite(
  loaded: LoadedDeployment,
  kind: Headend['kind'],
  o: CommonOpts & HeadendOpts,
): Headend[] {
  const d = loaded.deployment;
  const key = d.headendKey === 'headend' ? 'headend.kind' : 'headends[].kind';
  const fix = kind === 'ocserv' ? '; set it to ocserv (and the group URL path to /svc)' : '';
  if (o.headend !== undefined) {
    const h = findHeadend(d, o.headend);
    if (!h)
      throw new UsageError(
        `--headend ${o.headend}: not a headend of ${o.deployment} (headends: ${headendNames(d)})`,
      );
    if (h.kind !== kind)
      throw new UsageError(
        `${o.deployment}: headend ${h.name} is ${h.kind}, not ${kind}${d.headends.length === 1 ? fix : ''}`,
      );
    return [h];
  }
  const of = d.headends.filter((h) => h.kind === kind);
  if (of.length === 0)
    throw new UsageError(
      d.headends.length === 1
        ? `${o.deployment}: ${key} is ${d.headends[0]?.kind}${fix}`
        : `${o.deployment}: no ${kind} headend (headends: ${d.headends.map((h) => `${h.name} (${h.kind})`).join(', ')})`,
    );
  if (of.length > 1 && o.outDir === undefined)
    throw new UsageError(
      `${o.deployment} has ${of.length} ${kind} headends (${of.map((h) => h.name).join(', ')}): name one with --headend NAME, or write each with --out-dir DIR`,
    );
  return of;
}

function writeInto(dir: string, files: readonly { name: string; text: string | Buffer }[]): void {
  try {
    mkdirSync(dir, { recursive: true });
    const made = new Set<string>([dir]);
    for (const f of files) {
      const path = join(dir, f.name);
      const parent = dirname(path);
      if (!made.has(parent)) mkdirSync(parent, { recursive: true });
      made.add(parent);
      writeFileSync(path, f.text);
    }
  } catch (e) {
    throw new UsageError(`cannot write to ${dir}: ${describeFsError(e)}`);
  }
}

/** The ocserv.conf options come straight from the command line (same names), plus where to write the CA bundle. */
export type OcservCliOpts = OcservOptions & { caBundle?: string };

export function generateAsa(o: CommonOpts & HeadendOpts): number {
  const loaded = loadForGenerate(o.deployment);
  const hs = headendsToWrite(loaded, 'asa', o);
  hs.forEach(warnSelfEnroll);
  if (o.outDir !== undefined && o.headend === undefined) {
    writeInto(
      o.outDir,
      hs.map((h) => ({ name: headendFileName(h, 'asa'), text: generateAsaConfig(loaded, h) })),
    );
    return 0;
  }
  const [h] = hs;
  const text = generateAsaConfig(loaded, h);
  if (o.outDir !== undefined) writeInto(o.outDir, [{ name: headendFileName(h as Headend, 'asa'), text }]);
  else writeOutput(text, o.output);
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
    writeInto(o.outDir, axlFiles(requests));
    return 0;
  }
  writeOutput(
    requests.map((r, i) => `<!-- request ${i + 1}: ${r.operation} -->\n${r.body}`).join('\n'),
    o.output,
  );
  return 0;
}

function axlFiles(requests: ReturnType<typeof generateAxlRequests>): { name: string; text: string }[] {
  return requests.map((r, i) => ({
    name: `${String(i + 1).padStart(2, '0')}-${r.operation}.xml`,
    text: r.body,
  }));
}

/** Options not given stay absent (exactOptionalPropertyTypes: absent, not undefined). */
function ocservOptions(o: CommonOpts & HeadendOpts & OcservCliOpts): OcservOptions {
  const { deployment: _d, output: _o, caBundle: _c, headend: _h, outDir: _od, ...given } = o;
  return Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as OcservOptions;
}

export function generateOcserv(o: CommonOpts & HeadendOpts & OcservCliOpts): number {
  const loaded = loadForGenerate(o.deployment);
  const hs = headendsToWrite(loaded, 'ocserv', o);
  const opts = ocservOptions(o);
  if (o.outDir !== undefined && o.headend === undefined) {
    if (o.caBundle !== undefined)
      throw new UsageError("--ca-bundle writes one headend's CA file: name the headend with --headend");
    writeInto(
      o.outDir,
      hs.map((h) => ({ name: headendFileName(h, 'ocserv'), text: generateOcservConf(loaded, opts, h) })),
    );
    return 0;
  }
  const h = hs[0] as Headend;
  if (o.caBundle !== undefined) {
    const bundle = phoneCaBundle(loaded, h);
    if (!bundle) throw new UsageError(`--ca-bundle: ${o.deployment} names no phone CA certificate file`);
    writeOutput(bundle, o.caBundle);
  }
  const text = generateOcservConf(loaded, opts, h);
  if (o.outDir !== undefined) writeInto(o.outDir, [{ name: headendFileName(h, 'ocserv'), text }]);
  else writeOutput(text, o.output);
  return 0;
}

export function generatePhone(o: CommonOpts & { mac?: string; all?: boolean; outDir?: string }): number {
  const loaded = loadForGenerate(o.deployment);
  if (o.all) {
    if (o.mac !== undefined) throw new UsageError('--all and --mac: give one of them');
    if (o.outDir === undefined) throw new UsageError('--all writes one file per phone: give --out-dir DIR');
    writeInto(
      o.outDir,
      [...phoneFilesFor(loaded).values()].map((f) => ({ name: f.name, text: f.data })),
    );
    return 0;
  }
  if (o.mac === undefined) throw new UsageError('name the phone with --mac MAC, or give --all --out-dir DIR');
  const mac = macOption(o.mac);
  const phone = loaded.deployment.phones.find((p) => p.mac === mac);
  if (!phone) {
    const known = loaded.deployment.phones.map((p) => p.mac).join(', ') || 'none';
    throw new UsageError(`phone ${mac} is not in ${o.deployment} (phones: ${known})`);
  }
  const text = generatePhoneConfig(loaded, phone);
  if (o.outDir !== undefined) writeInto(o.outDir, [{ name: phoneConfigFileName(phone.mac), text }]);
  else writeOutput(text, o.output);
  return 0;
}

/**
 * Everything for the site in one folder: each headend's configuration (NAME.cfg for an ASA, NAME.conf
 * for ocserv), the CUCM checklist and AXL requests (cucm/), and every phone's configuration (phones/).
 */
export function generateAll(o: CommonOpts & { outDir?: string }): number {
  if (o.outDir === undefined) throw new UsageError('generate all writes a folder: give --out-dir DIR');
  const loaded = loadForGenerate(o.deployment);
  const d = loaded.deployment;
  d.headends.forEach(warnSelfEnroll);
  const files: { name: string; text: string | Buffer }[] = [];
  for (const h of d.headends)
    files.push({
      name: headendFileName(h, h.kind),
      text: h.kind === 'asa' ? generateAsaConfig(loaded, h) : generateOcservConf(loaded, {}, h),
    });
  files.push({ name: 'cucm/checklist.txt', text: generateCucmChecklist(loaded) });
  for (const f of axlFiles(generateAxlRequests(loaded))) files.push({ ...f, name: `cucm/axl/${f.name}` });
  for (const f of phoneFilesFor(loaded).values()) files.push({ name: `phones/${f.name}`, text: f.data });
  writeInto(o.outDir, files);
  process.stderr.write(`vpnphone: wrote ${files.length} files to ${o.outDir}\n`);
  return 0;
}
