// What the probe saw when a step failed (or passed with something to report): data for its findings.
import type { StepName } from '../../probe/step-names.js';

export type ProbeObservation =
  /** A step failed in a way no more specific finding explains. */
  | { kind: 'step-failed'; step: StepName; detail: string }
  /** An error the step did not expect (a bug or an unhandled case). */
  | { kind: 'internal-error'; step: StepName; error: string }
  | { kind: 'tftp-unreadable'; file: string; host: string; httpPort: number; detail: string }
  | { kind: 'config-unusable'; source: string; detail: string }
  | { kind: 'tftp-answers-ping'; address: string }
  | { kind: 'vpn-auto-started'; address: string }
  | { kind: 'dns-failed'; host: string; dnsServer: string | undefined; error: string }
  | {
      kind: 'tls-no-shared-cipher';
      model: string;
      offered: readonly string[];
      versions: readonly string[];
      error: string;
      /** What a client offering every cipher got, when the headend's refusal was only a close. */
      broad?: { version: string; cipher: string };
    }
  | {
      kind: 'tls-version-refused';
      model: string;
      versions: readonly string[];
      error: string;
      broad?: { version: string; cipher: string };
    }
  /** The headend refused the client certificate, by an alert or (`byTrial`) by closing only when it got one. */
  | { kind: 'tls-client-cert-refused'; withCert: boolean; byTrial: boolean; error: string }
  | { kind: 'ec-self-signed-cert'; cipher: string; subject: string; certHash: string }
  | {
      kind: 'cert-hash-not-trusted';
      subject: string;
      sha1Hex: string;
      /** YYYY-MM-DD */
      expires: string;
      certHash: string;
      source: string;
      hashes: readonly string[];
      /** The VPN gateway whose certificate this is (`url2 https://...`), when the group has several. */
      gateway?: string;
    }
  | { kind: 'host-id-mismatch'; host: string; names: string }
  | {
      kind: 'login-refused';
      status: number | undefined;
      detail: string;
      certAuth: boolean;
      withCert: boolean;
    }
  | { kind: 'dtls-not-offered' }
  | { kind: 'dtls-cipher-not-tls'; tlsCipher: string; dtlsOffer: readonly string[]; chosen: string }
  | { kind: 'dtls-cipher-unusable'; chosen: string }
  | { kind: 'dtls-old-session-cipher'; chosen: string; error: string }
  | { kind: 'dtls-failed'; chosen: string; address: string; port: number; error: string }
  | { kind: 'hold-failed'; error: string }
  | { kind: 'hold-ended'; reason: string };
