// `vpnphone renew`: the technote's renewal of the headend identity certificate as a guided procedure.
// Only the command-line definition lives here; ../run/renew.ts loads when a subcommand runs.
import type { Command } from 'commander';
import type { ExitStatus } from '../errors.js';
import type { PlanCliOpts } from '../run/renew.js';

const run = () => import('../run/renew.js');

export function registerRenew(program: Command, exit: ExitStatus): void {
  const renew = program
    .command('renew')
    .description('renew the headend identity certificate without locking the phones out (plan, then check)')
    .addHelpText(
      'after',
      `
Examples:
  vpnphone renew plan -d examples/lab/deployment.yaml
  vpnphone renew plan -d examples/lab/deployment.yaml --new-trustpoint asa-identity-2027 --new-cert certs/asa-identity-2027.pem --json`,
    );

  renew
    .command('plan')
    .description(
      "the ten steps with this deployment's names and the check after each, and the AXL updateVpnGateway requests",
    )
    .requiredOption('-d, --deployment <file>', 'deployment file (YAML)')
    .option(
      '--headend <name>',
      "the headend's host name or a VPN gateway name (default: the gateways of its URL)",
    )
    .option(
      '--new-trustpoint <name>',
      'trustpoint for the new certificate (default: the current one with -new)',
    )
    .option(
      '--new-cert <file>',
      'the new certificate once exported (its issuer and serial go into the AXL requests)',
    )
    .option('--json', 'JSON output')
    .addHelpText(
      'after',
      `
Examples:
  vpnphone renew plan -d examples/lab/deployment.yaml
  vpnphone renew plan -d examples/branch-office/deployment.yaml --headend vpn1 --new-trustpoint vpn1-2027
  vpnphone renew plan -d deployment.yaml --new-cert certs/asa-identity-cert-new.pem --json`,
    )
    .action(async (o: PlanCliOpts) => exit((await run()).renewPlanCommand(o)));
}
