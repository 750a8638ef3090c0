// `vpnphone renew`: the technote's renewal of the headend identity certificate as a guided procedure.
// Only the command-line definition lives here; ../run/renew.ts loads when a subcommand runs.
import type { Command } from 'commander';
import { DEFAULT_LEAD_DAYS } from '../../renew/lead.js';
import type { ExitStatus } from '../errors.js';
import type { PlanCliOpts, StatusCliOpts } from '../run/renew.js';
import { addMacOption, addPhoneIdentityOptions } from './phone-options.js';

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
      "the headend's name or host name, or a VPN gateway name (default: the only headend; with several, required)",
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
    .option('-f, --format <format>', 'text, json or html (one self-contained page)', 'text')
    .option('-o, --output <file>', 'write the plan to FILE instead of standard output')
    .addHelpText(
      'after',
      `
Examples:
  vpnphone renew plan -d examples/lab/deployment.yaml
  vpnphone renew plan -d examples/branch-office/deployment.yaml --headend vpn1 --new-trustpoint vpn1-2027
  vpnphone renew plan -d deployment.yaml --new-cert certs/asa-identity-cert-new.pem --json
  vpnphone renew plan -d examples/lab/deployment.yaml --format html -o renewal.html`,
    )
    .action(async (o: PlanCliOpts) => exit((await run()).renewPlanCommand(o)));

  const status = renew
    .command('status')
    .description(
      'name the renewal stage from what the headend presents (TLS) and which hashes the phones hold',
    )
    .requiredOption('--url <url>', "the phones' VPN URL (https://HOST[:PORT]/PATH)")
    .option('--config <file>', "the phones' configuration SEP<MAC>.cnf.xml (its certHash values)")
    .option(
      '--tftp <host>',
      'or read SEP<MAC>.cnf.xml like the phone: TFTP HOST[:PORT], then HTTP 6970 (CUCM, vpnphone serve)',
    );
  addMacOption(status)
    .option('--http-port <port>', 'with --tftp: the HTTP fallback port', '6970')
    .option('-d, --deployment <file>', "or the deployment (the hashes of its gateways' certificates)")
    .requiredOption('--new-cert <file>', 'the new certificate (PEM or DER)')
    .option('--old-cert <file>', 'the old certificate (to tell whether switching back still helps)')
    .option('--gate <gate>', 'switch | cleanup: exit 1 unless that step is safe now')
    .option(
      '--lead-days <n>',
      'days before expiry the renewal should begin (time to bring every phone inside for the new hash)',
      String(DEFAULT_LEAD_DAYS),
    );
  addPhoneIdentityOptions(status)
    .option('--json', 'JSON output: { stage, next, findings, ... }')
    .option('-f, --format <format>', 'text, json or html (one self-contained page)', 'text')
    .option('-o, --output <file>', 'write the status to FILE instead of standard output')
    .addHelpText(
      'after',
      `
Stages: old-only, staged, switched, cleaned, broken. Once the headend presents the new certificate
(switched, cleaned), status also logs in as the phone (the probe's /svc login and tunnel, with --model and
the phone's --cert/--key or --username/--password, as the configuration's authMethod asks); without the
credentials it says the login was not checked. The headend certificate's days left and the day the renewal
should begin (--lead-days before expiry; the default ${DEFAULT_LEAD_DAYS} days leave a month to bring every
phone inside for the new hash) are always shown.

Exit status 0 while the phones can connect (and the gate, if given, is open), 1 when they cannot (the
stage is broken, or the phone's login failed) or the gate is closed, 2 on usage errors.
--gate switch: the phones hold the new hash, and the new certificate is valid, RSA, outside the lead,
and passes the host ID check when it is on. --gate cleanup: the headend presents the new certificate,
the phones' configuration holds it, and the phone's login (when it ran) came up.

Examples:
  vpnphone renew status --url https://asav.sckiewer.lab/phone --config SEP682C7B40B5CE.cnf.xml --new-cert certs/new.pem
  vpnphone renew status --url https://vpn.example.com/svc --tftp 10.1.1.10 --mac 682C7B40B5CE --new-cert certs/new.pem --gate switch
  vpnphone renew status --url https://vpn.example.com/svc -d deployment.yaml --new-cert certs/new.pem
  vpnphone renew status --url https://vpn.example.com/svc --tftp 10.1.1.10 --mac 682C7B40B5CE --new-cert certs/new.pem --cert phone.pem --key phone.key --model 8861 --gate cleanup
  vpnphone renew status --url https://vpn.example.com/svc -d deployment.yaml --new-cert certs/new.pem --format html -o stage.html
  vpnphone renew status --url https://vpn.example.com/svc --config SEP682C7B40B5CE.cnf.xml --new-cert new.pem --old-cert old.pem --json`,
    )
    .action(async (o: StatusCliOpts) => exit(await (await run()).renewStatusCommand(o)));
}
