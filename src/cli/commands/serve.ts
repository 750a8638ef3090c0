// `vpnphone serve`: hands phones their configuration by TFTP and HTTP, like CUCM's TFTP service, from a deployment file.
import type { Command } from 'commander';
import { formatEvent } from '../../serve/log.js';
import { type ServeEvent, startProvisioningServer } from '../../serve/provisioning.js';
import { UsageError } from '../io.js';

interface ServeOpts {
  deployment: string;
  bind: string;
  tftpPort: string;
  httpPort: string;
  root?: string;
  json?: boolean;
  tftpTimeout: string;
  tftpRetries: string;
  watch: boolean;
}

function integer(name: string, value: string, min: number, max: number): number {
  const n = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= min && n <= max))
    throw new UsageError(`${name} ${value}: expected a whole number from ${min} to ${max}`);
  return n;
}

function listenHint(e: NodeJS.ErrnoException, port: number): string {
  if (e.code === 'EACCES')
    return `${e.message} (ports below 1024 need root or CAP_NET_BIND_SERVICE; try --tftp-port 6969)`;
  if (e.code === 'EADDRINUSE') return `${e.message} (another server, perhaps tftpd-hpa, holds port ${port})`;
  return e.message;
}

export function registerServe(program: Command): void {
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
    .action(async (o: ServeOpts) => {
      const json = o.json === true;
      const out = (e: ServeEvent) => {
        const line = `${formatEvent(e, new Date(), json)}\n`;
        if (json || e.event === 'transfer') process.stdout.write(line);
        else process.stderr.write(line);
      };
      const tftpPort = integer('--tftp-port', o.tftpPort, 0, 65535);
      const httpPort = integer('--http-port', o.httpPort, 0, 65535);
      let server: Awaited<ReturnType<typeof startProvisioningServer>>;
      try {
        server = await startProvisioningServer({
          deploymentFile: o.deployment,
          bind: o.bind,
          tftpPort,
          httpPort,
          ...(o.root === undefined ? {} : { root: o.root }),
          tftpTimeoutMs: integer('--tftp-timeout', o.tftpTimeout, 10, 255_000),
          tftpRetries: integer('--tftp-retries', o.tftpRetries, 0, 100),
          watch: o.watch,
          onEvent: (e) => {
            if (e.event !== 'reload' || e.reason !== 'start') out(e);
          },
        });
      } catch (e) {
        if (e instanceof UsageError) throw e;
        const err = e as NodeJS.ErrnoException;
        const port = err.syscall === 'listen' ? httpPort : tftpPort;
        throw new UsageError(`cannot serve on ${o.bind}: ${listenHint(err, port)}`);
      }
      const files = server.files();
      if (json)
        process.stdout.write(
          `${JSON.stringify({
            time: new Date().toISOString(),
            event: 'listening',
            deployment: o.deployment,
            name: server.deploymentName(),
            address: server.address,
            tftpPort: server.tftpPort,
            httpPort: server.httpPort,
            root: server.root ?? null,
            files,
          })}\n`,
        );
      else
        process.stderr.write(
          `vpnphone serve: ${o.deployment} (${server.deploymentName()}): ${files.length} phone file${
            files.length === 1 ? '' : 's'
          }${files.length > 0 ? `: ${files.slice(0, 5).join(' ')}${files.length > 5 ? ' ...' : ''}` : ''}\n` +
            `vpnphone serve: TFTP on ${server.address} port ${server.tftpPort} (UDP), HTTP on http://${
              server.address.includes(':') ? `[${server.address}]` : server.address
            }:${server.httpPort}/\n` +
            `vpnphone serve: ${server.root ? `other files from ${server.root} (read-only)` : 'no --root: phone files only'}; ` +
            'SIGHUP reloads, Ctrl-C stops\n',
        );

      await new Promise<void>((resolve) => {
        const onHup = () => server.reload('signal');
        const onStop = (signal: NodeJS.Signals) => {
          process.off('SIGHUP', onHup);
          process.off('SIGINT', onStop);
          process.off('SIGTERM', onStop);
          const note = `vpnphone serve: ${signal}, stopping (${server.activeTransfers()} transfer(s) cancelled)`;
          if (json)
            process.stdout.write(
              `${JSON.stringify({ time: new Date().toISOString(), event: 'stopping', signal })}\n`,
            );
          else process.stderr.write(`${note}\n`);
          void server.close().then(resolve);
        };
        process.on('SIGHUP', onHup);
        process.on('SIGINT', onStop);
        process.on('SIGTERM', onStop);
      });
    });
}
