// The CLI's shared input helpers: error wording, MAC options, files named relative to their source.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { macOption, readBytes, readerBeside, readText, UsageError, writeFile } from './io.js';

test('readBytes/readText name the file (and what it is) in a UsageError', () => {
  assert.throws(
    () => readBytes('/nonexistent/phone.pem', 'certificate'),
    (e: unknown) =>
      e instanceof UsageError &&
      e.message === 'cannot read certificate /nonexistent/phone.pem: no such file or directory',
  );
  assert.throws(() => readText('/nonexistent/x'), /^UsageError: cannot read \/nonexistent\/x: no such file/);
});

test('writeFile applies the mode; readerBeside resolves names against the source folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpnphone-io-'));
  try {
    writeFile(join(dir, 'k.pem'), 'secret', 0o600);
    assert.equal(statSync(join(dir, 'k.pem')).mode & 0o777, 0o600);
    writeFileSync(join(dir, 'c.pem'), 'cert');
    assert.equal(readerBeside(join(dir, 'deployment.yaml'))('c.pem').toString(), 'cert');
    assert.throws(() => writeFile(join(dir, 'no', 'x'), 'x'), /cannot write .*no such file or directory/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('macOption accepts the spellings phones and engineers use and refuses others', () => {
  assert.equal(macOption('68:2c:7b:40:b5:ce'), '682C7B40B5CE');
  assert.equal(macOption('SEP682C7B40B5CE'), '682C7B40B5CE');
  assert.equal(macOption('682c.7b40.b5ce'), '682C7B40B5CE');
  assert.throws(() => macOption('zz'), /^UsageError: --mac zz: not a MAC address \(12 hex digits\)$/);
});
