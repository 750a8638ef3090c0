// The CLI's error type and file-error wording; kept free of heavy imports so `vpnphone --help` loads fast.

/** A problem with the command line or its inputs: printed without a stack trace, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** How a command's action hands its exit status to `main` (which alone turns it into the process's). */
export type ExitStatus = (status: number) => void;

export function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return err.message ?? String(e);
  }
}
