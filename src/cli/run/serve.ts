// What `vpnphone serve` does; loaded by ../commands/serve.ts only when the command runs.
import { formatEvent } from '../../serve/log.js';
import { type ServeEvent, startProvisioningServer } from '../../serve/provisioning.js';
import { UsageError } from '../io.js';

export interface ServeOpts {
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

export async function serve(o: ServeOpts): Promise<number> {
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
  return 0;
}
