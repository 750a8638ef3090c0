// `vpnphone generate <target>`: writes the ASA CLI, ocserv.conf, CUCM objects or a phone configuration file.
// Only the command-line definition lives here; ../run/generate.ts (and the generators) load when a target runs.
import type { Command } from 'commander';
import { type ExitStatus, UsageError } from '../errors.js';
import type { CommonOpts, HeadendOpts, OcservCliOpts } from '../run/generate.js';

const run = () => import('../run/generate.js');

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

/** A site may have up to three headends: pick one, or write each into a folder. */
function addHeadend(cmd: Command, ext: string): Command {
  return cmd
    .option('--headend <name>', 'the headend to write (its name under headends:, or its hostname)')
    .option('--out-dir <dir>', `write one file per headend into DIR, named after it (NAME${ext})`);
}

export function registerGenerate(program: Command, exit: ExitStatus): void {
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
  vpnphone generate phone-config -d examples/lab/deployment.yaml --mac 682C7B40B5CE -o SEP682C7B40B5CE.cnf.xml
  vpnphone generate asa -d examples/branch-office/deployment.yaml --headend vpn2
  vpnphone generate asa -d examples/branch-office/deployment.yaml --out-dir asa/
  vpnphone generate phone-config -d examples/branch-office/deployment.yaml --all --out-dir tftp/
  vpnphone generate all -d examples/branch-office/deployment.yaml --out-dir site/

A deployment with several headends (headends:) needs --headend NAME or --out-dir DIR for asa and ocserv.`,
    );

  addHeadend(addCommon(gen.command('asa')), '.cfg')
    .description(
      'ASA CLI: trustpoints, pool, group policy, webvpn, tunnel group, ssl trust-point and ciphers',
    )
    .addHelpText(
      'after',
      `
Examples:
  vpnphone generate asa -d examples/lab/deployment.yaml -o asa.cfg
  vpnphone generate asa -d examples/branch-office/deployment.yaml --headend vpn1
  vpnphone generate asa -d examples/branch-office/deployment.yaml --out-dir asa/   # asa/vpn1.cfg, asa/vpn2.cfg`,
    )
    .action(async (o: CommonOpts & HeadendOpts) => exit(await (await run()).generateAsa(o)));

  addCommon(gen.command('cucm'))
    .description('CUCM objects: the administration checklist (steps 1-6) or AXL SOAP requests')
    .option('--format <format>', 'checklist | axl', 'checklist')
    .option('--out-dir <dir>', 'with --format axl: write one file per request (01-addVpnProfile.xml, ...)')
    .action(async (o: CommonOpts & { format: string; outDir?: string }) =>
      exit(await (await run()).generateCucm(o)),
    );

  addHeadend(addCommon(gen.command('ocserv')), '.conf')
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
  vpnphone generate ocserv -d deployment.yaml --listen-host 192.0.2.10 --tcp-port 8443
  vpnphone generate ocserv -d deployment.yaml --headend backup -o backup.conf
  vpnphone generate ocserv -d deployment.yaml --out-dir ocserv/`,
    )
    .action(async (o: CommonOpts & HeadendOpts & OcservCliOpts) =>
      exit(await (await run()).generateOcserv(o)),
    );

  addCommon(gen.command('phone-config'))
    .description('SEP<MAC>.cnf.xml with the <vpnGroup> (URLs and certificate hashes) for one phone, or all')
    .option('--mac <mac>', "the phone's MAC address (as listed under phones)")
    .option('--all', 'every phone of the deployment (with --out-dir)')
    .option('--out-dir <dir>', 'write SEP<MAC>.cnf.xml into DIR')
    .addHelpText(
      'after',
      `
Examples:
  vpnphone generate phone-config -d examples/lab/deployment.yaml --mac 682C7B40B5CE
  vpnphone generate phone-config -d examples/branch-office/deployment.yaml --all --out-dir tftp/`,
    )
    .action(async (o: CommonOpts & { mac?: string; all?: boolean; outDir?: string }) =>
      exit(await (await run()).generatePhone(o)),
    );

  gen
    .command('all')
    .description(
      'everything for the site into one folder: each headend (NAME.cfg, NAME.conf), cucm/ (checklist, AXL), phones/',
    )
    .requiredOption('-d, --deployment <file>', 'deployment file (YAML)')
    .requiredOption('--out-dir <dir>', 'the folder to write')
    .addHelpText(
      'after',
      `
Writes DIR/NAME.cfg for each ASA headend and DIR/NAME.conf for each ocserv one (default options),
DIR/cucm/checklist.txt, DIR/cucm/axl/NN-<request>.xml and DIR/phones/SEP<MAC>.cnf.xml.

Examples:
  vpnphone generate all -d examples/branch-office/deployment.yaml --out-dir site/`,
    )
    .action(async (o: CommonOpts & { outDir: string }) => exit(await (await run()).generateAll(o)));
}
