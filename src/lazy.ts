// Packages loaded on first use instead of at start-up: every command used to load zod, yaml, the XML
// parser, tar and the x509 stack before reading its first input (about 0.6 s of CPU of a 0.9 s run on an
// 8-byte file; issue 15). Each is loaded synchronously, through its CommonJS build, so the parsers that
// use them stay synchronous. Only the module that uses a package loads it, never a command's start.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** `id` required on the first call (then `init` run on it once), the same object on every later call. */
export function lazyPackage<T>(id: string, init?: (lib: T) => void): () => T {
  let lib: T | undefined;
  return () => {
    if (lib === undefined) {
      const loaded = require(id) as T;
      init?.(loaded);
      lib = loaded;
    }
    return lib;
  };
}
