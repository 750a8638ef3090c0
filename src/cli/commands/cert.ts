// `vpnphone cert`: show what phones compare in a certificate, and create lab certificates (identity, CA, phone).
// The X.509 code loads only when a subcommand runs (../run/cert.ts).
import type { Command } from 'commander';
import type { ExitStatus } from '../errors.js';
import type { CreateOpts } from '../run/cert.js';

const run = () => import('../run/cert.js');

function createCommand(parent: Command, name: string, description: string): Command {
  return parent
    .command(name)
    .description(description)
    .requiredOption('--out-cert <file>', 'certificate file to write (PEM)')
    .requiredOption('--out-key <file>', 'private key file to write (PEM, mode 0600; never printed)')
    .option('--days <n>', 'validity in days', '3650')
    .option('--key-type <type>', 'rsa | ec', 'rsa');
}

export function registerCert(program: Command, exit: ExitStatus): void {
  const cert = program
    .command('cert')
    .description('inspect certificates the way phones compare them, and create lab certificates')
    .addHelpText(
      'after',
      `
Examples:
  vpnphone cert show examples/lab/certs/asa-identity-cert.pem
  vpnphone cert create identity --subject CN=vpn.example.com --san-dns vpn.example.com --out-cert id.pem --out-key id.key
  vpnphone cert create ca --subject "CN=Lab Phone CA" --out-cert ca.pem --out-key ca.key
  vpnphone cert from-asa --out-cert asa-identity-new.pem < pasted-export.txt
  vpnphone cert pkcs12 --cert id.pem --key id.key --trustpoint asa-identity-cert --out import-asa.txt
  vpnphone cert create phone --ca-cert ca.pem --ca-key ca.key --model 8861 --mac 682C7B40B5CE --out-cert phone.pem --out-key phone.key`,
    );

  cert
    .command('show')
    .description(
      'print subject, SAN, validity, key, certHash (SHA-1, base64), SHA-1 and SHA-256 of each certificate',
    )
    .argument('<files...>', 'PEM or DER files (chains allowed)')
    .option('--json', 'JSON output')
    .option('--now <date>', 'date to count days left from (default: now)')
    .action(async (files: string[], o: { json?: boolean; now?: string }) =>
      exit(await (await run()).certShow(files, o)),
    );

  cert
    .command('from-asa')
    .description(
      'read a pasted `crypto ca export TP identity-certificate` output and give its certHash (and the PEM file)',
    )
    .argument('[file]', 'the pasted output (default: standard input)')
    .option('--out-cert <file>', 'also write the certificate (PEM), for CUCM and the deployment')
    .option('--json', 'JSON output')
    .addHelpText(
      'after',
      `
Examples:
  vpnphone cert from-asa export.txt --out-cert certs/asa-identity-new.pem
  pbpaste | vpnphone cert from-asa --json`,
    )
    .action(async (file: string | undefined, o: { outCert?: string; json?: boolean }) =>
      exit((await run()).certFromAsa(file, o)),
    );

  cert
    .command('pkcs12')
    .description(
      'write the ASA import (crypto ca import TP pkcs12 PASS and the base64 bundle) of a certificate and key to a file',
    )
    .requiredOption('--cert <file>', 'the certificate (PEM or DER)')
    .requiredOption('--key <file>', 'its private key (PEM)')
    .requiredOption('--trustpoint <name>', 'the ASA trustpoint to import into')
    .requiredOption(
      '--out <file>',
      'file to write (mode 0600): it holds the key and the pass phrase, never printed',
    )
    .addHelpText(
      'after',
      `
Examples:
  vpnphone cert pkcs12 --cert certs/vpn.pem --key certs/vpn.key --trustpoint asa-identity-cert --out import-asa.txt`,
    )
    .action(async (o: { cert: string; key: string; trustpoint: string; out: string }) =>
      exit((await run()).certPkcs12(o)),
    );

  const create = cert.command('create').description('create lab and test certificates');
  createCommand(create, 'identity', 'a self-signed headend identity, as `crypto ca enroll` makes it')
    .requiredOption('--subject <dn>', 'subject, e.g. CN=asav.example.com')
    .option('--san-dns <names...>', 'DNS names for the subject alternative name')
    .option('--san-ip <addresses...>', 'IP addresses for the subject alternative name')
    .action(async (o: CreateOpts & { subject: string; sanDns?: string[]; sanIp?: string[] }) =>
      exit(await (await run()).createIdentity(o)),
    );
  createCommand(create, 'ca', 'a certificate authority (stands in for a MIC chain or the CUCM CAPF)')
    .requiredOption('--subject <dn>', 'subject, e.g. "CN=Lab Phone CA"')
    .action(async (o: CreateOpts & { subject: string }) => exit(await (await run()).createCa(o)));
  createCommand(create, 'phone', 'a phone certificate CN=CP-<model>-SEP<MAC> (client auth), signed by a CA')
    .requiredOption('--ca-cert <file>', 'CA certificate (PEM)')
    .requiredOption('--ca-key <file>', 'CA private key (PEM, PKCS#8)')
    .requiredOption('--model <model>', 'phone model, e.g. 8861')
    .requiredOption('--mac <mac>', 'phone MAC address')
    .action(async (o: CreateOpts & { caCert: string; caKey: string; model: string; mac: string }) =>
      exit(await (await run()).createPhone(o)),
    );
}
