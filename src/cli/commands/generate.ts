// `vpnphone generate <target>`: writes the ASA CLI, ocserv.conf, CUCM objects or a phone configuration file.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { generateAsaConfig } from '../../asa/generate.js';
import { generateAxlRequests, generateCucmChecklist } from '../../cucm/generate.js';
import { generatePhoneConfig } from '../../cucm/phone-config.js';
import { macSchema } from '../../model/schema.js';
import { generateOcservConf, type OcservOptions, phoneCaBundle } from '../../ocserv/generate.js';
import { describeFsError, loadDeploymentFile, UsageError, writeOutput } from '../io.js';

interface CommonOpts {
  deployment: string;
  output?: string;
}

interface OcservCliOpts {
  certDir?: string;
  listenHost?: string;
  tcpPort?: number;
  udpPort?: number;
  runDir?: string;
  device?: string;
  caCert?: string;
  passwdFile?: string;
  caBundle?: string;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new UsageError(`${value}: not a port number (1-65535)`);
  return n;
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
  vpnphone generate ocserv -d deployment.yaml --cert-dir /etc/ocserv/certs -o /etc/ocserv/ocserv.conf
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

  addCommon(gen.command('ocserv'))
    .description('ocserv.conf (ocserv >= 1.2) for the phones: /svc login, legacy DTLS, phone-safe ciphers')
    .option(
      '--cert-dir <dir>',
      'write certificate and key paths as DIR/<file name> (where they are on the server)',
    )
    .option('--listen-host <address>', "listen-host (default: the outside interface's address)")
    .option('--tcp-port <port>', 'tcp-port (default: headend.ocserv.tcpPort or 443)', port)
    .option(
      '--udp-port <port>',
      'udp-port (default: headend.ocserv.udpPort or 443; phones use 443 only)',
      port,
    )
    .option('--run-dir <dir>', 'directory of socket-file and occtl-socket-file (default: /var/run/ocserv)')
    .option('--device <name>', 'tun device name (default: vpns)')
    .option('--ca-cert <path>', "ca-cert path (default: from the deployment's phone CA files)")
    .option('--passwd-file <path>', 'password file for authentication: aaa (default: /etc/ocserv/ocpasswd)')
    .option('--ca-bundle <file>', "also write the phones' CA certificates (PEM) to FILE, for ca-cert")
    .addHelpText(
      'after',
      `
Examples:
  vpnphone generate ocserv -d deployment.yaml
  vpnphone generate ocserv -d deployment.yaml --cert-dir /etc/ocserv/certs --ca-bundle phone-ca-bundle.pem -o ocserv.conf
  vpnphone generate ocserv -d deployment.yaml --listen-host 192.0.2.10 --tcp-port 8443`,
    )
    .action((o: CommonOpts & OcservCliOpts) => {
      const loaded = loadDeploymentFile(o.deployment);
      if (loaded.deployment.headend.kind !== 'ocserv') {
        throw new UsageError(
          `${o.deployment}: headend.kind is ${loaded.deployment.headend.kind}; set it to ocserv (and the group URL path to /svc)`,
        );
      }
      const opts: OcservOptions = {};
      if (o.certDir !== undefined) opts.certDir = o.certDir;
      if (o.listenHost !== undefined) opts.listenHost = o.listenHost;
      if (o.tcpPort !== undefined) opts.tcpPort = o.tcpPort;
      if (o.udpPort !== undefined) opts.udpPort = o.udpPort;
      if (o.runDir !== undefined) opts.runDir = o.runDir;
      if (o.device !== undefined) opts.device = o.device;
      if (o.caCert !== undefined) opts.caCert = o.caCert;
      if (o.passwdFile !== undefined) opts.passwdFile = o.passwdFile;
      if (o.caBundle !== undefined) {
        const bundle = phoneCaBundle(loaded);
        if (!bundle) throw new UsageError(`--ca-bundle: ${o.deployment} names no phone CA certificate file`);
        writeOutput(bundle, o.caBundle);
      }
      writeOutput(generateOcservConf(loaded, opts), o.output);
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
