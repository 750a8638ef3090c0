// `vpnphone generate <target>`: writes the ASA CLI, ocserv.conf, CUCM objects or a phone configuration file.
// Only the command-line definition lives here; ../run/generate.ts (and the generators) load when a target runs.
import type { Command } from 'commander';
import { type ExitStatus, UsageError } from '../errors.js';
import type { CommonOpts, OcservCliOpts } from '../run/generate.js';

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
  vpnphone generate phone-config -d examples/lab/deployment.yaml --mac 682C7B40B5CE -o SEP682C7B40B5CE.cnf.xml`,
    );

  addCommon(gen.command('asa'))
    .description(
      'ASA CLI: trustpoints, pool, group policy, webvpn, tunnel group, ssl trust-point and ciphers',
    )
    .action(async (o: CommonOpts) => exit(await (await run()).generateAsa(o)));

  addCommon(gen.command('cucm'))
    .description('CUCM objects: the administration checklist (steps 1-6) or AXL SOAP requests')
    .option('--format <format>', 'checklist | axl', 'checklist')
    .option('--out-dir <dir>', 'with --format axl: write one file per request (01-addVpnProfile.xml, ...)')
    .action(async (o: CommonOpts & { format: string; outDir?: string }) =>
      exit(await (await run()).generateCucm(o)),
    );

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
    .action(async (o: CommonOpts & OcservCliOpts) => exit(await (await run()).generateOcserv(o)));

  addCommon(gen.command('phone-config'))
    .description('SEP<MAC>.cnf.xml with the <vpnGroup> (URLs and certificate hashes) for one phone')
    .requiredOption('--mac <mac>', "the phone's MAC address (as listed under phones)")
    .action(async (o: CommonOpts & { mac: string }) => exit(await (await run()).generatePhone(o)));
}
