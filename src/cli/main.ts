// The vpnphone command line: one command per file under ./commands, registered here.
import { Command, CommanderError } from 'commander';
import { registerAudit } from './commands/audit.js';
import { registerCert } from './commands/cert.js';
import { registerDiagnose } from './commands/diagnose.js';
import { registerDoctor } from './commands/doctor.js';
import { registerGenerate } from './commands/generate.js';
import { registerProbe } from './commands/probe.js';
import { registerServe } from './commands/serve.js';
import { UsageError } from './errors.js';

export function buildProgram(): Command {
  const program = new Command('vpnphone')
    .description(
      'Model, generate, audit, diagnose and emulate Cisco VPN phones\n' +
        '(AnyConnect SSL VPN to an ASA or ocserv, provisioned by CUCM).',
    )
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage and examples)')
    .exitOverride();
  // In the order an engineer meets them: the main job first, then each capability.
  registerDoctor(program);
  registerGenerate(program);
  registerAudit(program);
  registerDiagnose(program);
  registerProbe(program);
  registerServe(program);
  registerCert(program);
  return program;
}

/** Runs the CLI and resolves to the exit status (0 ok, 1 findings/failure, 2 usage or input error). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
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
      process.stderr.write(`vpnphone: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
