// `--password -`: the password from standard input (its first line), or typed at a prompt without echo.
import { UsageError } from './errors.js';

const MAX_PASSWORD_BYTES = 64 * 1024;

/** Reads the password: a prompt without echo when standard input is a terminal, else its first line. */
export async function readPassword(stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  const pw = stdin.isTTY ? await prompt(stdin) : await firstLine(stdin);
  if (pw === '')
    throw new UsageError('-p -: standard input was empty (its first line is read as the secret)');
  return pw;
}

async function firstLine(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of stdin) {
    const b = typeof c === 'string' ? Buffer.from(c) : (c as Buffer);
    chunks.push(b);
    size += b.length;
    if (b.includes(10) || size > MAX_PASSWORD_BYTES) break;
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const nl = text.indexOf('\n');
  const line = (nl >= 0 ? text.slice(0, nl) : text).replace(/\r$/, '');
  if (Buffer.byteLength(line) > MAX_PASSWORD_BYTES)
    throw new UsageError(
      `--password -: the first line of standard input is over ${MAX_PASSWORD_BYTES} bytes`,
    );
  return line;
}

function prompt(stdin: NodeJS.ReadStream): Promise<string> {
  process.stderr.write('Password: ');
  return new Promise((resolve, reject) => {
    let buf = '';
    const done = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (d: Buffer | string) => {
      for (const ch of d.toString()) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          done();
          resolve(buf);
          return;
        }
        if (ch === '\u0003') {
          done();
          reject(new UsageError('interrupted while asking for the password'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') buf = buf.slice(0, -1);
        else if (buf.length < MAX_PASSWORD_BYTES) buf += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
