// `vpnphone ui`: a local web page where an engineer drops what was collected and reads the doctor's report.
// The server loads only when the command runs (../run/ui.ts).
import type { Command } from 'commander';
import type { ExitStatus } from '../errors.js';
import { DEFAULT_MAX_SIZE_MB, MAX_SIZE_HELP } from '../max-size.js';
import type { UiOpts } from '../run/ui.js';

export function registerUi(program: Command, exit: ExitStatus): void {
  program
    .command('ui')
    .description(
      'a local web page: drop files, a folder or a PRT archive and read the report (as doctor --format html)',
    )
    .option('--bind <address>', 'address to listen on (loopback unless you say otherwise)', '127.0.0.1')
    .option('--port <port>', 'TCP port (0: any free port)', '8470')
    .option('--max-files <n>', 'most files in one upload', '2000')
    .option('--max-upload <mb>', 'most MB in one upload, all files together', '256')
    .option('--max-size <mb>', MAX_SIZE_HELP, String(DEFAULT_MAX_SIZE_MB))
    .option('--now <date>', 'the date to check certificate expiry against (ISO 8601)')
    .addHelpText(
      'after',
      `
The page reads what is dropped on it exactly as 'vpnphone doctor' reads files and archives, in memory:
nothing is written to disk and nothing leaves the machine (the page loads nothing from elsewhere and
talks only to this server). Filters by severity and source; click an evidence line to see the lines
around it. The URL is printed on standard output; Ctrl-C stops the server.

Examples:
  vpnphone ui
  vpnphone ui --port 0
  vpnphone ui --port 9000 --max-upload 1024`,
    )
    .action(async (o: UiOpts) => exit(await (await import('../run/ui.js')).ui(o)));
}
