// classifyTlsError over the errors Node.js 20 (OpenSSL 3.0) really raised for each kind of refusal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyTlsError, isOldSessionCipher, phoneSslConnectText } from './openssl-errors.js';

// Recorded from tls.connect() against node:tls servers configured to refuse in each way.
const REAL = {
  // The server allows only ECDHE-RSA-CHACHA20-POLY1305; the phone offers AES256-SHA:AES128-SHA.
  noSharedCipher: {
    code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
    message:
      '806C4994637F0000:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 40\n',
  },
  // The server speaks only TLS 1.3; the phone at most TLS 1.2.
  protocolVersion: {
    code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
    message:
      '806C4994637F0000:error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 70\n',
  },
  // TLS 1.3 server that requires a client certificate; the client sent none.
  certificateRequired: {
    code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
    message:
      '806C4994637F0000:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 116\n',
  },
  // A TCP server that answers the ClientHello with text.
  notTls: {
    code: 'ERR_SSL_WRONG_VERSION_NUMBER',
    message:
      '806C4994637F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n',
  },
  // A server that closes after the ClientHello (what a TLS 1.2 headend does to an untrusted client certificate).
  closed: {
    code: 'ECONNRESET',
    message: 'Client network socket disconnected before secure TLS connection was established',
  },
  reset: { code: 'ECONNRESET', message: 'connect ECONNRESET 127.0.0.1:43551' },
  // TLS 1.0 with ECDHE-RSA at OpenSSL 3's default security level (PROTOCOL.md §5).
  legacySigalg: {
    code: 'ERR_SSL_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED',
    message:
      '806C4994637F0000:error:0A00014D:SSL routines:tls_process_key_exchange:legacy sigalg disallowed or unsupported:../deps/openssl/openssl/ssl/statem/statem_clnt.c:2254:\n',
  },
  // A cipher string that names nothing OpenSSL knows (thrown by tls.connect itself).
  noCipherMatch: { code: 'ERR_SSL_NO_CIPHER_MATCH', message: 'error:0A0000B9:SSL routines::no cipher match' },
};

test('a handshake-failure alert means no shared cipher', () => {
  assert.equal(classifyTlsError(REAL.noSharedCipher), 'no-shared-cipher');
});

test('a protocol-version alert means no TLS version in common', () => {
  assert.equal(classifyTlsError(REAL.protocolVersion), 'protocol-version');
});

test('a certificate-required alert means the headend wants (another) client certificate', () => {
  assert.equal(classifyTlsError(REAL.certificateRequired), 'certificate-rejected');
});

test('"wrong version number" (not TLS at all) is not a protocol-version refusal', () => {
  assert.equal(classifyTlsError(REAL.notTls), 'other');
});

test('a close, a reset, a legacy-sigalg error and an unknown cipher name say nothing more', () => {
  for (const e of [REAL.closed, REAL.reset, REAL.legacySigalg, REAL.noCipherMatch]) {
    assert.equal(classifyTlsError(e), 'other', e.message);
  }
});

test('the old-session-cipher DTLS error gets OpenSSL 1.0 packed code in the phone log line', () => {
  const msg = 'ssl3_get_server_hello:old session cipher not returned';
  assert.equal(isOldSessionCipher(msg), true);
  assert.equal(phoneSslConnectText(msg), `SSL_connect: error:140920C5:SSL routines:${msg}`);
  assert.equal(isOldSessionCipher('bad record mac'), false);
  assert.equal(phoneSslConnectText('bad record mac'), 'SSL_connect: bad record mac');
});
