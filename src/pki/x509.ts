// The one place @peculiar/x509 is loaded, on first use (src/lazy.ts): with its ASN.1 stack it costs about
// a third of a second, which every command used to pay at start-up. It needs the reflect-metadata polyfill
// loaded first, and Node's WebCrypto.
import { webcrypto } from 'node:crypto';
import type * as X509 from '@peculiar/x509';
import { lazyPackage } from '../lazy.js';

const reflectMetadata = lazyPackage<object>('reflect-metadata');
const library = lazyPackage<typeof X509>('@peculiar/x509', (lib) => {
  lib.cryptoProvider.set(webcrypto as unknown as Crypto);
});

/** The x509 library, loaded on the first call. */
export function x509(): typeof X509 {
  reflectMetadata();
  return library();
}

export type { X509 };
