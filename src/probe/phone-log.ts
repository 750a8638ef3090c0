// The probe's session written as a phone console log (the seed's `VPNC:` line shapes), so that
// `vpnphone diagnose` reads a probe run exactly like a real phone's log.

export type PhoneSeverity = 'ERR' | 'WRN' | 'NOT' | 'INF' | 'DEB';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface PhoneLogLine {
  seq: number;
  severity: PhoneSeverity;
  at: Date;
  /** Microseconds within the second (Date has only milliseconds). */
  micros: number;
  process: string;
  text: string;
}

/** `<seq> <SEV> <Mon> <D> <HH:MM:SS.micro> (pid:tid) <process>: <text>` (the seed's 88xx format, UTC). */
export function formatPhoneLogLine(l: PhoneLogLine, pid: number, tid: number): string {
  const d = l.at;
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  const micro = String(l.micros).padStart(6, '0');
  return `${l.seq} ${l.severity} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${time}.${micro} (${pid}:${tid}) ${l.process}: ${l.text}`;
}

/** Collects lines with increasing sequence numbers and monotonic microsecond timestamps. */
export class PhoneLog {
  readonly lines: PhoneLogLine[] = [];
  private seq: number;
  private lastMicros = 0;

  constructor(
    /** Microseconds since the epoch; the default uses the high-resolution clock. */
    private readonly nowMicros: () => number = () =>
      Math.floor((performance.timeOrigin + performance.now()) * 1000),
    firstSeq = 1000,
    private readonly pid = 385,
  ) {
    this.seq = firstSeq;
  }

  private add(severity: PhoneSeverity, process: string, text: string): void {
    // Keep stamps strictly increasing at microsecond resolution, as a real log's are.
    let micros = this.nowMicros();
    if (micros <= this.lastMicros) micros = this.lastMicros + 1;
    this.lastMicros = micros;
    const stamp = new Date(Math.floor(micros / 1000));
    this.lines.push({
      seq: this.seq++,
      severity,
      at: stamp,
      micros: micros % 1_000_000,
      process,
      // One event, one line: an error text with line breaks (OpenSSL's) would split into lines no reader knows.
      text: text.replace(/\s*[\r\n]+\s*/g, ' '),
    });
  }

  /** A `VPNC: -function: text` line. */
  vpnc(severity: PhoneSeverity, fn: string, text: string): void {
    this.add(severity, 'VPNC', `-${fn}: ${text}`);
  }

  /** A Java-side line such as `JAVA-vpnAutoDetect: ping time out`. */
  java(severity: PhoneSeverity, process: string, text: string): void {
    this.add(severity, `JAVA-${process}`, text);
  }

  text(): string {
    return this.lines
      .map((l) => formatPhoneLogLine(l, l.process.startsWith('JAVA') ? 574 : this.pid, this.pid))
      .join('\n')
      .concat(this.lines.length > 0 ? '\n' : '');
  }
}
