// Tests of request-path parsing and file lookup: generated phone files first, then the root, never outside it.
import assert from 'node:assert/strict';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSwapper } from '../../test/support/swapper.js';
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

  it('never serves a file outside the root while a directory inside is swapped for a link out and back', async () => {
    // dir/file.txt is inside; a child process keeps replacing dir by a link to a directory outside holding
    // a file of the same name. Resolving and opening in two steps would sometimes open the outside one.
    mkdirSync(join(root, 'swapped'));
    writeFileSync(join(root, 'swapped', 'file.txt'), 'inside');
    mkdirSync(join(top, 'outdir'));
    writeFileSync(join(top, 'outdir', 'file.txt'), 'OUTSIDE');
    const swapper = startSwapper(join(root, 'swapped'), join(top, 'outdir'));
    const seen = new Map<string, number>();
    try {
      // Bounded: at most 5000 lookups, fewer if the swapper finishes first.
      for (let i = 0; i < 5000 && swapper.running; i++) {
        const f = await findFile('swapped/file.txt', phoneFiles, root);
        let what: string = f.kind === 'refused' ? f.result : f.kind;
        if (f.kind === 'disk') {
          const buf = Buffer.alloc(16);
          const { bytesRead } = await f.handle.read(buf, 0, 16, 0);
          await f.handle.close();
          what = buf.toString('utf8', 0, bytesRead);
        }
        seen.set(what, (seen.get(what) ?? 0) + 1);
      }
    } finally {
      await swapper.stop();
    }
    assert.equal(seen.get('OUTSIDE'), undefined, JSON.stringify([...seen]));
    assert.ok((seen.get('inside') ?? 0) > 0, JSON.stringify([...seen]));
    assert.equal(readFileSync(join(top, 'outdir', 'file.txt'), 'utf8'), 'OUTSIDE');
  });
});
