// `vpnphone generate <target>`: writes the ASA CLI, ocserv.conf, CUCM objects or a phone configuration file.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { generateAsaConfig } from '../../asa/generate.js';
import { generateAxlRequests, generateCucmChecklist } from '../../cucm/generate.js';
import { generatePhoneConfig } from '../../cucm/phone-config.js';
import { macSchema } from '../../model/schema.js';
import { describeFsError, loadDeploymentFile, UsageError, writeOutput } from '../io.js';

interface CommonOpts {
  deployment: string;
  output?: string;
}

function addCommon(cmd: Command): Command {
  return cmd
    .requiredOption('-d, --deployment <file>', 'deployment file (YAML)')
    .option('-o, --output <file>', 'write to FILE instead of standard output');
}

export function registerGenerate(program: Command): void {
  const gen = program
    .command('generate')
    .description('write configuration for each part of the system from one deployment file')
    .addHelpText(
      'after',
      `
Examples:
  vpnphone generate asa -d examples/lab/deployment.yaml
  vpnphone generate cucm -d examples/lab/deployment.yaml
  vpnphone generate cucm -d examples/lab/deployment.yaml --format axl --out-dir axl/
  vpnphone generate phone-config -d examples/lab/deployment.yaml --mac 682C7B40B5CE -o SEP682C7B40B5CE.cnf.xml`,
    );

  addCommon(gen.command('asa'))
    .description(
      'ASA CLI: trustpoints, pool, group policy, webvpn, tunnel group, ssl trust-point and ciphers',
    )
    .action((o: CommonOpts) => {
      writeOutput(generateAsaConfig(loadDeploymentFile(o.deployment)), o.output);
    });

  addCommon(gen.command('cucm'))
    .description('CUCM objects: the administration checklist (steps 1-6) or AXL SOAP requests')
    .option('--format <format>', 'checklist | axl', 'checklist')
    .option('--out-dir <dir>', 'with --format axl: write one file per request (01-addVpnProfile.xml, ...)')
    .action((o: CommonOpts & { format: string; outDir?: string }) => {
      const loaded = loadDeploymentFile(o.deployment);
      if (o.format === 'checklist') {
        writeOutput(generateCucmChecklist(loaded), o.output);
        return;
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
        return;
      }
      writeOutput(
        requests.map((r, i) => `<!-- request ${i + 1}: ${r.operation} -->\n${r.body}`).join('\n'),
        o.output,
      );
    });

  addCommon(gen.command('phone-config'))
    .description('SEP<MAC>.cnf.xml with the <vpnGroup> (URLs and certificate hashes) for one phone')
    .requiredOption('--mac <mac>', "the phone's MAC address (as listed under phones)")
    .action((o: CommonOpts & { mac: string }) => {
      const loaded = loadDeploymentFile(o.deployment);
      const mac = macSchema.safeParse(o.mac);
      if (!mac.success) throw new UsageError(`--mac ${o.mac}: not a MAC address (12 hex digits)`);
      const phone = loaded.deployment.phones.find((p) => p.mac === mac.data);
      if (!phone) {
        const known = loaded.deployment.phones.map((p) => p.mac).join(', ') || 'none';
        throw new UsageError(`phone ${mac.data} is not in ${o.deployment} (phones: ${known})`);
      }
      writeOutput(generatePhoneConfig(loaded, phone), o.output);
    });
}
