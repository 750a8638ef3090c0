// The phone's identity on the command line, defined once: `probe` and `renew status` (which logs in as the
// phone after the switch) take the same options. Resolved by ../run/phone-identity.ts.
import type { Command } from 'commander';
import { DEFAULT_MODEL } from '../../model/catalogue.js';

/** `--mac`: the phone whose SEP<MAC>.cnf.xml `--tftp` reads. */
export function addMacOption(cmd: Command): Command {
  return cmd.option('--mac <mac>', "the phone's MAC address (with --tftp)");
}

/** The model and the credentials the phone logs in with. */
export function addPhoneIdentityOptions(cmd: Command): Command {
  return cmd
    .option(
      '-m, --model <model>',
      `phone model to emulate (cipher offer and TLS versions from the catalogue); default: the configuration's <modelName>, else its <loadInformation> load (SCCP75... is a 7975), else ${DEFAULT_MODEL}`,
    )
    .option('--cert <file>', "the phone's certificate (PEM) for certificate authentication")
    .option('--key <file>', 'its private key (PEM)')
    .option('-u, --username <name>', 'username for password authentication')
    .option(
      '-p, --password <password>',
      "password, never printed: '-' reads it from standard input (first line), or asks without echo on a terminal; or VPNPHONE_PASSWORD",
    );
}
