// The probe: the phone's steps in order (./steps), each timed and recorded, failures turned into findings.
import { probeFinding } from '../checks/probe/findings.js';
import type { ProbeObservation } from '../checks/probe/observations.js';
import type { Finding } from '../report/finding.js';
import { errText, ProbeError, ProbeInternalError, StepFailed } from './errors.js';
import { PhoneLog } from './phone-log.js';
import { autoDetectStep } from './steps/auto-detect.js';
import { certHashStep } from './steps/cert-hash.js';
import { targetOf } from './steps/config.js';
import { dnsStep } from './steps/dns.js';
import { dtlsStep } from './steps/dtls.js';
import { hostIdStep } from './steps/host-id.js';
import { holdSession, keepaliveStep } from './steps/keepalive.js';
import { loginStep } from './steps/login.js';
import { pingStep } from './steps/ping.js';
import type { Outcome, Session } from './steps/session.js';
import { tcpStep } from './steps/tcp.js';
import { tlsStep } from './steps/tls.js';
import { tunnelStep } from './steps/tunnel.js';
import { type ProbeOptions, type ProbeResult, STEP_NAMES, type StepName, type StepResult } from './types.js';

export type {
  ConfigSource,
  HeadendCertificateFacts,
  ProbeFacts,
  ProbeOptions,
  ProbeResult,
  StepName,
  StepResult,
} from './types.js';
export { STEP_NAMES } from './types.js';

/** Runs the probe. Never throws for network problems: they become failed steps and findings. */
export async function runProbe(o: ProbeOptions): Promise<ProbeResult> {
  const steps: StepResult[] = [...(o.config.steps ?? [])];
  const findings: Finding[] = [...(o.config.findings ?? [])];
  const closers: Array<() => void | Promise<void>> = [];
  const s: Session = {
    o,
    facts: { model: { name: o.model.model, why: o.modelWhy ?? 'given' }, url: o.config.url },
    log: o.phoneLog ?? new PhoneLog(),
    stepMs: o.stepTimeoutMs ?? 10_000,
    connectStart: 0,
    observe: (x: ProbeObservation) => findings.push(probeFinding(x)),
    record: (r) => steps.push(r),
    onClose: (c) => closers.push(c),
  };

  const record = (r: StepResult) => {
    steps.push(r);
    o.onStep?.(r);
  };
  /** Runs `run` as part of step `name`: a failure is recorded (row and finding) and ends the probe. */
  const attempt = async <T>(name: StepName, run: () => T | Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await run();
    } catch (e) {
      if (e instanceof StepFailed) {
        const step = e.step ?? name;
        if (e.cause instanceof ProbeError) e.cause.inStep(step);
        record({ step, status: 'failed', ms: Math.round(performance.now() - t0), detail: e.detail });
        findings.push(probeFinding(e.observation));
        throw e;
      }
      // Not a failure the step understood: a bug, recorded under the step that was running.
      steps.push({ step: name, status: 'failed', detail: `internal error: ${errText(e)}` });
      findings.push(probeFinding({ kind: 'internal-error', step: name, error: errText(e) }));
      throw new ProbeInternalError(name, e);
    }
  };
  /** Runs one step and records its row. */
  const step = async <T>(name: StepName, run: () => Outcome<T> | Promise<Outcome<T>>): Promise<T> => {
    const t0 = performance.now();
    const out = await attempt(name, run);
    record(
      out.status === 'skipped'
        ? { step: name, status: 'skipped', detail: out.detail }
        : { step: name, status: out.status, ms: Math.round(performance.now() - t0), detail: out.detail },
    );
    return out.value;
  };

  let ok = false;
  try {
    // The config step's row comes with the configuration (steps/config.ts); an unusable URL fails it here.
    const target = await attempt('config', () => targetOf(o.config.url));
    s.facts.host = target.host;
    s.facts.port = target.port;
    await step('auto-detect', () => autoDetectStep(s));
    const address = await step('dns', () => dnsStep(s, target));
    s.facts.address = address;
    const tcp = await step('tcp', () => tcpStep(s, address, target.port));
    const tls = await step('tls', () => tlsStep(s, tcp, target, address));
    await step('cert-hash', () => certHashStep(s, tls));
    await step('host-id', () => hostIdStep(s, tls, target));
    const auth = await step('login', () => loginStep(s, tls, target));
    const up = await step('tunnel', () => tunnelStep(s, tls, target, auth));
    const dtlsWanted = await step('dtls', () => dtlsStep(s, up, tls.cipher, address));
    await step('keepalive', () => keepaliveStep(s, up.tunnel));
    await step('ping', () => pingStep(s, up));
    ok = !dtlsWanted || up.tunnel.dtlsUp;
    if (o.holdSeconds !== undefined && o.holdSeconds > 0) {
      const hold = o.holdSeconds;
      if (!(await attempt('keepalive', () => holdSession(s, up, hold)))) ok = false;
    }
  } catch (e) {
    // StepFailed and ProbeInternalError were recorded by attempt(); nothing else reaches here.
    if (!(e instanceof StepFailed) && !(e instanceof ProbeInternalError)) throw e;
  } finally {
    for (const close of closers.reverse()) await close();
  }
  // Steps that never ran are listed as skipped so every run shows the same table.
  for (const name of STEP_NAMES) {
    if (!steps.some((x) => x.step === name))
      steps.push({ step: name, status: 'skipped', detail: 'not reached' });
  }
  steps.sort((a, b) => STEP_NAMES.indexOf(a.step) - STEP_NAMES.indexOf(b.step));
  return { steps, findings, facts: s.facts, ok, log: s.log.text() };
}
