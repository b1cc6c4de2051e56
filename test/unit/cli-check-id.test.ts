/** `mizan check-id`: prints whether a national ID is valid and why; exit 0 valid, 1 invalid. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

const run = (...args: string[]) => spawnSync(process.execPath, ['bin/mizan.js', 'check-id', ...args], { encoding: 'utf8' });

test('valid IDs of each country exit 0 and say why', () => {
  const kw = run('KW', '288020122596');
  assert.equal(kw.status, 0, kw.stderr);
  assert.match(kw.stdout, /^valid: 288020122596/);
  assert.match(kw.stdout, /1988-02-01/);
  const sa = run('SA', '2000000006');
  assert.equal(sa.status, 0);
  assert.match(sa.stdout, /resident/);
  const ir = run('ir', '۰۴۹۹۳۷۰۸۹۹');
  assert.equal(ir.status, 0);
  assert.match(ir.stdout, /0499370899/);
});

test('invalid IDs exit 1 with the reason', () => {
  const kw = run('KW', '292091998297');
  assert.equal(kw.status, 1);
  assert.match(kw.stdout, /^invalid: .*\[check_digit\]/);
  const ir = run('IR', '1111111111');
  assert.equal(ir.status, 1);
  assert.match(ir.stdout, /\[unissuable\]/);
  const sa = run('SA', '3000000008');
  assert.equal(sa.status, 1);
  assert.match(sa.stdout, /\[bad_prefix\]/);
});

test('a missing argument is a usage error', () => {
  const r = run('KW');
  assert.equal(r.status, 2);
});
