// A child process that keeps swapping a directory for a link to another one and back (the race a server
// that resolves a path and opens it in two steps loses); bounded, it ends with the directory in place.
import { spawn } from 'node:child_process';

const SCRIPT = `
  const fs = require('node:fs');
  const [dir, held, link, target] = process.argv.slice(1);
  for (let i = 0; i < 20000; i++) {
    fs.renameSync(dir, held);
    try { fs.unlinkSync(link); } catch {}
    fs.symlinkSync(target, link);
    fs.renameSync(link, dir);
    fs.unlinkSync(dir);
    fs.renameSync(held, dir);
  }`;

export interface Swapper {
  /** True until the child has exited. */
  readonly running: boolean;
  /** Ends the child (if still running) and waits for it. */
  stop(): Promise<void>;
}

/** Starts swapping `dir` for a link to `target` (20,000 times at most). */
export function startSwapper(dir: string, target: string): Swapper {
  const child = spawn(process.execPath, ['-e', SCRIPT, dir, `${dir}-held`, `${dir}-link`, target]);
  let running = true;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running = false;
      resolve();
    }),
  );
  return {
    get running() {
      return running;
    },
    async stop() {
      child.kill();
      await exited;
    },
  };
}
