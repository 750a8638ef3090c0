// `vpnphone serve`: hands phones their configuration by TFTP and HTTP, like CUCM's TFTP service, from a deployment file.
// The TFTP and HTTP servers load only when the command runs (../run/serve.ts).
import type { Command } from 'commander';
import type { ExitStatus } from '../errors.js';
import type { ServeOpts } from '../run/serve.js';

export function registerServe(program: Command, exit: ExitStatus): void {
  program
    .command('serve')
    .description('serve the phones their SEP<MAC>.cnf.xml by TFTP and HTTP (what CUCM TFTP does), read-only')
    .requiredOption(
      '-d, --deployment <file>',
      'deployment file (YAML); read again on SIGHUP and when it changes',
    )
    .option('--bind <address>', 'address to listen on', '127.0.0.1')
    .option('--tftp-port <port>', 'TFTP port (UDP)', '69')
    .option('--http-port <port>', 'HTTP port (TCP)', '6970')
    .option('--root <dir>', 'also serve the files under DIR (firmware, ringtones), read-only')
    .option('--json', 'log one JSON object per line on standard output')
    .option('--tftp-timeout <ms>', 'TFTP retransmission timeout', '1000')
    .option('--tftp-retries <n>', 'TFTP retransmissions before a transfer is dropped', '5')
    .option('--no-watch', 'do not watch the deployment file (SIGHUP still reloads)')
    .addHelpText(
      'after',
      `
Phone files are generated from the deployment (as 'vpnphone generate phone-config' writes them); their
names are case-insensitive. Other names are looked up under --root; no request leaves it ('..',
symbolic links pointing out). Write requests are refused. One access-log line per transfer goes to
standard output, status lines to standard error (--json: everything to standard output).

Examples:
  vpnphone serve -d examples/lab/deployment.yaml --tftp-port 6969
  sudo vpnphone serve -d deployment.yaml --bind 172.16.100.10 --root /srv/tftp --json
  tftp -m binary 127.0.0.1 6969 -c get SEP682C7B40B5CE.cnf.xml
  curl http://127.0.0.1:6970/SEP682C7B40B5CE.cnf.xml`,
    )
    .action(async (o: ServeOpts) => exit(await (await import('../run/serve.js')).serve(o)));
}
