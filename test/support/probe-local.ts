// What the loopback probe tests share: a phone configuration, a server on 127.0.0.1, and a step of a result.
import assert from 'node:assert/strict';
import type { Server } from 'node:net';
import type { ConfigSource, ProbeResult, StepResult } from '../../src/probe/run.js';

/** A phone configuration pointing at `url`, certificate authentication, MTU 1290. */
export function phoneConfig(url: string, certHashes: string[] = [], hostIdCheck = false): ConfigSource {
  return { source: 'SEP001122334455.cnf.xml', url, certHashes, hostIdCheck, authMethod: 2, mtu: 1290 };
}

/** Listens on an ephemeral loopback port and gives the port. */
export function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : 0);
    });
  });
}

/** The result's step `name` (the test fails when the probe did not record it). */
export function stepOf(r: ProbeResult, name: string): StepResult {
  const s = r.steps.find((x) => x.step === name);
  assert.ok(s, `no step ${name}`);
  return s;
}
