// What an OpenSSL error (as Node.js reports it: `code` and message) says about a failed handshake; pure.

/**
 * Why the headend ended the phone's TLS handshake, as far as the error alone tells:
 * - `no-shared-cipher`: a handshake-failure alert or no usable cipher (also what a TLS 1.2 headend
 *   sends when it wants a client certificate and gets none: the probe's trial handshakes tell apart);
 * - `protocol-version`: no TLS version in common;
 * - `certificate-rejected`: the headend refused (or wanted) the client certificate;
 * - `other`: a reset, a close, a timeout, not TLS at all: nothing more in the error.
 */
export type TlsRefusal = 'no-shared-cipher' | 'protocol-version' | 'certificate-rejected' | 'other';

export interface TlsErrorLike {
  code?: string | undefined;
  message: string;
}

// Node's codes are OpenSSL's reasons in upper case (ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE); the
// message holds the reason in lower case with spaces. The probe looks at both, code first.
const RULES: ReadonlyArray<[TlsRefusal, RegExp]> = [
  ['no-shared-cipher', /HANDSHAKE_FAILURE|INSUFFICIENT_SECURITY|NO_SHARED_CIPHER|NO_CIPHERS/i],
  ['protocol-version', /PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL/i],
  [
    'certificate-rejected',
    /UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_REQUIRED|CERTIFICATE_UNKNOWN|ACCESS_DENIED/i,
  ],
];

export function classifyTlsError(e: TlsErrorLike): TlsRefusal {
  const text = `${e.code ?? ''}${e.message}`;
  for (const [kind, re] of RULES) if (re.test(text)) return kind;
  return 'other';
}

/** The phone's OpenSSL (1.0) fails a DTLS resumption whose ServerHello changed the cipher with this reason. */
export function isOldSessionCipher(message: string): boolean {
  return /old session cipher/.test(message);
}

/**
 * The `SSL_connect:` line a phone logs for a DTLS error: OpenSSL 1.0 prefixes the reason with its
 * packed error code (140920C5 is SSL_R_OLD_SESSION_CIPHER_NOT_RETURNED in ssl3_get_server_hello).
 */
export function phoneSslConnectText(message: string): string {
  return isOldSessionCipher(message)
    ? `SSL_connect: error:140920C5:SSL routines:${message}`
    : `SSL_connect: ${message}`;
}
