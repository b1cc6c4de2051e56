/** The command's operator messages: the language chosen, every message in every language, and the causes read from errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_MESSAGES, cliLocale, cliMessage } from '../../src/cli-messages.js';
import { DataDirError, diagnoseDataDir, isEngineFailure } from '../../src/db/data-dir.js';

test('the language: MIZAN_LOCALE, else LC_ALL, LC_MESSAGES, LANG, else English', () => {
  assert.equal(cliLocale({}), 'en');
  assert.equal(cliLocale({ LANG: 'ar_KW.UTF-8' }), 'ar');
  assert.equal(cliLocale({ LANG: 'fa_IR.UTF-8', LC_ALL: 'en_US.UTF-8' }), 'en');
  assert.equal(cliLocale({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'fa_IR' }), 'fa');
  assert.equal(cliLocale({ LANG: 'fa', MIZAN_LOCALE: 'ar' }), 'ar');
  assert.equal(cliLocale({ LANG: 'C.UTF-8' }), 'en');
  assert.equal(cliLocale({ MIZAN_LOCALE: 'de' }), 'en');
});

test('every message exists in Arabic, Persian and English, with the same placeholders, on one line', () => {
  for (const [key, texts] of Object.entries(CLI_MESSAGES)) {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    assert.deepEqual(Object.keys(texts).sort(), ['ar', 'en', 'fa'], key);
    assert.deepEqual(placeholders(texts.ar), placeholders(texts.en), `${key}: ar placeholders`);
    assert.deepEqual(placeholders(texts.fa), placeholders(texts.en), `${key}: fa placeholders`);
    assert.match(texts.ar, /[\u0600-\u06FF]/, `${key}: Arabic text`);
    assert.match(texts.fa, /[پچژگکی]/, `${key}: Persian text`);
    for (const t of Object.values(texts)) assert.doesNotMatch(t, /\n/, key);
  }
  assert.equal(cliMessage('locked', { dir: '/d', pid: 42 }, 'en'), 'The data directory /d is in use by another Mizan process (process 42). Stop that process first, or set DATABASE_URL to use a PostgreSQL server.');
  assert.equal(cliMessage('failed', { reason: 'one\ntwo' }, 'en'), 'The command failed: one two. Set MIZAN_DEBUG=1 to see the details.');
});

test('causes read from the error: Node and Emscripten errnos, SQLSTATE 53100; a SQL refusal is not an engine failure', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mizan-diagnose-'));
  try {
    const emscripten = Object.assign(new Error(''), { name: 'ErrnoError', errno: 51 });
    assert.equal(diagnoseDataDir(emscripten, dir).kind, 'disk-full');
    assert.equal(diagnoseDataDir(Object.assign(new Error('no space'), { code: 'ENOSPC' }), dir).kind, 'disk-full');
    assert.equal(diagnoseDataDir(Object.assign(new Error('could not extend file'), { code: '53100' }), dir).kind, 'disk-full');
    // a writable, roomy directory and an abort that says nothing: damaged
    assert.equal(diagnoseDataDir(Object.assign(new Error('Aborted()'), { name: 'RuntimeError' }), dir).kind, 'corrupted');
    const locked = new DataDirError('locked', dir, { pid: 7 });
    assert.equal(diagnoseDataDir(locked, dir), locked);
    assert.ok(isEngineFailure(emscripten));
    assert.ok(isEngineFailure(new Error('PGlite failed to initialize properly')));
    assert.ok(isEngineFailure(Object.assign(new Error('index corrupted'), { code: 'XX002' })));
    assert.ok(!isEngineFailure(Object.assign(new Error('duplicate key'), { code: '23505' })));
    assert.ok(!isEngineFailure(new Error('MIZAN_COUNTRY must be KW, SA or IR')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
