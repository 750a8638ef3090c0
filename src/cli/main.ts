// The vpnphone command line: one command per file under ./commands, registered here.
import { Command, CommanderError } from 'commander';
import { redactSecrets } from '../report/redact.js';
import { TOOL_VERSION } from '../version.js';
import { registerAudit } from './commands/audit.js';
import { registerCert } from './commands/cert.js';
import { registerDiagnose } from './commands/diagnose.js';
import { registerDoctor } from './commands/doctor.js';
import { registerGenerate } from './commands/generate.js';
import { registerProbe } from './commands/probe.js';
import { registerRenew } from './commands/renew.js';
import { registerServe } from './commands/serve.js';
import { registerUi } from './commands/ui.js';
import { type ExitStatus, UsageError } from './errors.js';

/** The program; each command's action hands its exit status to `exit`. */
export function buildProgram(exit: ExitStatus = () => {}): Command {
  const program = new Command('vpnphone')
    .description(
      'Model, generate, audit, diagnose and emulate Cisco VPN phones\n' +
        '(AnyConnect SSL VPN to an ASA or ocserv, provisioned by CUCM).',
    )
    .version(TOOL_VERSION)
    .showHelpAfterError('(run with --help for usage and examples)')
    .exitOverride();
  // In the order an engineer meets them: the main job first, then each capability.
  registerDoctor(program, exit);
  registerGenerate(program, exit);
  registerAudit(program, exit);
  registerDiagnose(program, exit);
  registerProbe(program, exit);
  registerServe(program, exit);
  registerCert(program, exit);
  registerRenew(program, exit);
  registerUi(program, exit);
  return program;
}

/**
 * Runs the CLI and resolves to the exit status (0 ok, 1 findings/failure, 2 usage or input error): the
 * command's own, returned by its function; bin/vpnphone.js sets the process's exit code from it, once.
 */
export async function main(argv: readonly string[]): Promise<number> {
  let status = 0;
  const program = buildProgram((s) => {
    status = s;
  });
  try {
    await program.parseAsync([...argv]);
    return status;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      )
        return 0;
      return 2;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`vpnphone: ${redactSecrets(e.message)}\n`);
      return 2;
    }
    throw e;
  }
}
