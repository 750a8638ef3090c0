// Tests of request-path parsing and file lookup: generated phone files first, then the root, never outside it.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findFile, type PhoneFiles, parseRequestPath } from './files.js';

describe('parseRequestPath', () => {
  it('keeps plain names and sub-directories, treating a leading slash as the root', () => {
    assert.deepEqual(parseRequestPath('SEP682C7B40B5CE.cnf.xml'), {
      ok: true,
      segments: ['SEP682C7B40B5CE.cnf.xml'],
    });
    assert.deepEqual(parseRequestPath('/fw//./ring.raw'), { ok: true, segments: ['fw', 'ring.raw'] });
    assert.deepEqual(parseRequestPath('\\fw\\ring.raw'), { ok: true, segments: ['fw', 'ring.raw'] });
  });

  it('refuses .. in every spelling, drive letters, NUL and empty names', () => {
    for (const bad of ['../etc/passwd', 'fw/../../x', '..', 'a\\..\\b', '/..', 'C:\\x', 'a\0b', '/', './'])
      assert.equal(parseRequestPath(bad).ok, false, bad);
  });
});

describe('findFile', () => {
  let top: string;
  let root: string;
  const phoneFiles: PhoneFiles = new Map([
    ['sep682c7b40b5ce.cnf.xml', { name: 'SEP682C7B40B5CE.cnf.xml', data: Buffer.from('<device/>') }],
  ]);

  before(() => {
    top = realpathSync(mkdtempSync(join(tmpdir(), 'vpnphone-files-')));
    root = join(top, 'root');
    mkdirSync(join(root, 'fw'), { recursive: true });
    writeFileSync(join(root, 'fw', 'P0030801SR.loads'), 'firmware');
    writeFileSync(join(root, 'SEPAABBCCDDEEFF.cnf.xml'), 'on disk');
    writeFileSync(join(top, 'secret.txt'), 'outside');
    symlinkSync(join(top, 'secret.txt'), join(root, 'escape'));
    symlinkSync(top, join(root, 'updir'));
    symlinkSync(join(root, 'fw', 'P0030801SR.loads'), join(root, 'inside-link'));
  });
  after(() => rmSync(top, { recursive: true, force: true }));

  it('finds generated phone files whatever the case of the name', async () => {
    for (const name of ['SEP682C7B40B5CE.cnf.xml', 'sep682c7b40b5ce.CNF.XML', '/SEP682C7B40B5CE.cnf.xml']) {
      const f = await findFile(name, phoneFiles, root);
      assert.equal(f.kind, 'memory', name);
    }
  });

  it('finds root files, SEP names case-insensitively, and links that stay inside', async () => {
    for (const name of ['fw/P0030801SR.loads', 'sepaabbccddeeff.cnf.xml', 'inside-link']) {
      const f = await findFile(name, phoneFiles, root);
      assert.equal(f.kind, 'disk', name);
      if (f.kind === 'disk') await f.handle.close();
    }
    assert.equal(
      (await findFile('fw/p0030801sr.loads', phoneFiles, root)).kind,
      'refused',
      'only SEP names fold case',
    );
  });

  it('refuses symbolic links that lead outside the root', async () => {
    for (const name of ['escape', 'updir/secret.txt']) {
      const f = await findFile(name, phoneFiles, root);
      assert.deepEqual(f, {
        kind: 'refused',
        result: 'access-violation',
        message: 'path leads outside the served directory',
      });
    }
  });

  it('answers not-found for directories, missing files, and anything but phone files without a root', async () => {
    for (const name of ['fw', 'missing.bin']) {
      const f = await findFile(name, phoneFiles, root);
      assert.equal(f.kind === 'refused' && f.result, 'not-found', name);
    }
    const f = await findFile('fw/P0030801SR.loads', phoneFiles, undefined);
    assert.equal(f.kind === 'refused' && f.result, 'not-found');
  });
});
