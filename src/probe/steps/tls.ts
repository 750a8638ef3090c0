// Step tls: the handshake with exactly the model's cipher offer and TLS versions; a refusal is explained.
import { createHash } from 'node:crypto';
import { isIP, type Socket } from 'node:net';
import { type TLSSocket, connect as tlsConnect } from 'node:tls';
import type { ProbeObservation } from '../../checks/probe/observations.js';
import { type CertInfo, CertificateParseError, certInfoFromDer } from '../../pki/cert.js';
import { errText, InterruptedError, StepTimeoutError } from '../errors.js';
import { type TrialOptions, trialHandshake, withTimeout } from '../net.js';
import { classifyTlsError } from '../openssl-errors.js';
import { StreamReader } from '../stream.js';
import type { HeadendCertificateFacts } from '../types.js';
import type { Target } from './config.js';
import { fail, logLoginFailed, type Outcome, passed, type Session } from './session.js';

export interface TlsSession {
  tls: TLSSocket;
  reader: StreamReader;
  /** The negotiated suite (OpenSSL name). */
  cipher: string;
  cert: CertInfo;
}

interface Offer {
  ciphers: string[];
  versions: readonly ('TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3')[];
}

export async function tlsStep(
  s: Session,
  tcp: Socket,
  target: Target,
  address: string,
): Promise<Outcome<TlsSession>> {
  const { o, log } = s;
  const offer: Offer = {
    ciphers: o.tlsCiphers ?? [...o.model.tlsCiphers.value],
    versions: o.model.tlsVersions.value,
  };
  const offered = offer.ciphers;
  log.vpnc('NOT', 'protocol_handler', `current cipher -> ${offered.join(':')}`);
  let tls: TLSSocket | undefined;
  try {
    tls = await withTimeout(
      new Promise<TLSSocket>((resolve, reject) => {
        const t = tlsConnect({
          socket: tcp,
          ...(isIP(target.host) ? {} : { servername: target.host }),
          // Old phones: TLS 1.0 and SHA-1; OpenSSL 3 needs security level 0 to speak like them.
          ciphers: `${offered.join(':')}:@SECLEVEL=0`,
          minVersion: offer.versions[0] ?? 'TLSv1',
          maxVersion: offer.versions[offer.versions.length - 1] ?? 'TLSv1.2',
          rejectUnauthorized: false,
          ...(o.certPem && o.keyPem ? { cert: o.certPem, key: o.keyPem } : {}),
        });
        tls = t;
        t.once('secureConnect', () => resolve(t));
        t.once('error', reject);
      }),
      s.stepMs,
      'TLS handshake',
      () => tls?.destroy(),
      o.signal,
    );
  } catch (e) {
    tls?.destroy();
    if (e instanceof InterruptedError) fail('tls', e.message, undefined, e);
    const msg = errText(e);
    log.vpnc('ERR', 'protocol_handler', `SSL_connect: handshake failed: ${msg}`);
    const [detail, observation] = await explainRefusal(s, e, msg, offer, target, address);
    // A phone logs only the alert, which fits several causes; the probe knows (its broader handshake),
    // and says so in the log so that reading it back gives the same finding (docs/diagnose.md).
    if (observation?.kind === 'tls-no-shared-cipher')
      log.vpnc(
        'ERR',
        'protocol_handler',
        `no shared cipher: the headend accepts none of ${offer.ciphers.join(':')}`,
      );
    logLoginFailed(s);
    return fail('tls', detail, observation, e);
  }
  const session = tls;
  s.onClose(() => {
    session.destroy();
  });
  const reader = new StreamReader(session);
  const cipher = session.getCipher().name;
  const from = offered.indexOf(cipher);
  log.vpnc('NOT', 'protocol_handler', `new cipher -> ${from >= 0 ? offered.slice(from).join(':') : cipher}`);
  const peer = session.getPeerCertificate(true);
  if (!peer?.raw) fail('tls', 'the headend presented no certificate');
  let cert: CertInfo;
  try {
    cert = certInfoFromDer(new Uint8Array(peer.raw));
  } catch (e) {
    // TLS (OpenSSL) accepted the certificate, but its fields cannot be read, so none of the phone's
    // checks (hash, host, expiry) can be made: a failure of this step, not an internal error later.
    if (!(e instanceof CertificateParseError)) throw e;
    session.destroy();
    const sha1 = createHash('sha1').update(peer.raw).digest('hex').toUpperCase();
    return fail(
      'tls',
      `the headend's certificate (SHA-1 ${sha1}) cannot be decoded: ${e.message}`,
      undefined,
      e,
    );
  }
  const version = session.getProtocol() ?? 'unknown';
  s.facts.tls = { version, cipher, offered };
  s.facts.headendCertificate = certFacts(cert);
  return passed(`${version} ${cipher}; certificate ${cert.subject} (${cert.keyType})`, {
    tls: session,
    reader,
    cipher,
    cert,
  });
}

/**
 * Why the headend refused the handshake: from the alert it sent (openssl-errors.ts), or, when it
 * only closed or reset, from throw-away handshakes (without the certificate, with every cipher).
 */
async function explainRefusal(
  s: Session,
  e: unknown,
  msg: string,
  offer: Offer,
  target: Target,
  address: string,
): Promise<[string, ProbeObservation | undefined]> {
  const { o } = s;
  const model = o.model.model;
  const versions = [...offer.versions];
  const offered = offer.ciphers;
  const code = (e as NodeJS.ErrnoException).code;
  switch (classifyTlsError({ code, message: msg })) {
    case 'no-shared-cipher':
      return [
        `the headend refused the handshake: ${msg}`,
        { kind: 'tls-no-shared-cipher', model, offered, versions, error: msg },
      ];
    case 'protocol-version':
      return [msg, { kind: 'tls-version-refused', model, versions, error: msg }];
    case 'certificate-rejected':
      return [
        `the headend rejected the phone's certificate: ${msg}`,
        { kind: 'tls-client-cert-refused', withCert: Boolean(o.certPem), byTrial: false, error: msg },
      ];
    case 'other':
  }
  // A timeout says nothing the trials could explain; a close or a reset may.
  if (e instanceof StepTimeoutError) return [msg, undefined];
  const trial = (x: Partial<TrialOptions>) =>
    trialHandshake({
      address,
      port: target.port,
      servername: isIP(target.host) ? undefined : target.host,
      ciphers: `${offered.join(':')}:@SECLEVEL=0`,
      minVersion: offer.versions[0] ?? 'TLSv1',
      maxVersion: offer.versions[offer.versions.length - 1] ?? 'TLSv1.2',
      ms: s.stepMs,
      ...x,
    }).then(
      (r) => r,
      () => undefined,
    );
  if (o.certPem && o.keyPem && (await trial({}))) {
    return [
      `the headend ended the handshake after it received the phone's certificate (${msg}); without the certificate the handshake succeeds`,
      { kind: 'tls-client-cert-refused', withCert: true, byTrial: true, error: msg },
    ];
  }
  const broad = await trial({ ciphers: 'ALL:@SECLEVEL=0', minVersion: 'TLSv1', maxVersion: 'TLSv1.3' });
  if (!broad) return [msg, undefined];
  const b = { version: broad.version, cipher: broad.cipher };
  if (!versions.includes(broad.version as (typeof versions)[number])) {
    return [
      `the headend only accepts ${broad.version}; a ${model} speaks ${versions.join(', ')}`,
      { kind: 'tls-version-refused', model, versions, error: msg, broad: b },
    ];
  }
  return [
    `the headend refused every cipher the phone offers (${msg}); it would use ${broad.cipher}`,
    { kind: 'tls-no-shared-cipher', model, offered, versions, error: msg, broad: b },
  ];
}

function certFacts(c: CertInfo): HeadendCertificateFacts {
  return {
    subject: c.subject,
    subjectCN: c.subjectCN,
    issuer: c.issuer,
    sanDns: c.sanDns,
    sanIp: c.sanIp,
    certHash: c.certHash,
    sha1Hex: c.sha1Hex,
    notAfter: c.notAfter.toISOString(),
    keyType: c.keyType,
    keySize: c.keySize,
    selfSigned: c.selfSigned,
  };
}
