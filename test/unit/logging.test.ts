import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import Fastify from 'fastify';
import { logFormat, loggerOptions, prettyStream } from '../../src/http/logging.js';

const NID = '289010112345';
const NAME = 'Fatima Al-Sabah';

function sink() {
  const chunks: string[] = [];
  const stream = new Writable({ write(c, _e, cb) { chunks.push(String(c)); cb(); } });
  return { stream, lines: () => chunks.join('').split('\n').filter((l) => l !== '') };
}

async function logSome(stream: NodeJS.WritableStream) {
  const app = Fastify({ logger: loggerOptions('info', stream) as never });
  app.get('/api/v1/lookup', async () => ({ ok: true }));
  await app.ready();
  app.log.info({ person: { nationalId: NID, fullName: NAME }, requestId: 'r-1' }, 'household looked up');
  await app.inject({ method: 'GET', url: `/api/v1/lookup?nationalId=${NID}`, headers: { authorization: 'Bearer secret-token' } });
  await app.close();
  await new Promise((r) => setImmediate(r));
}

test('JSON in production or off a terminal, readable lines in development on a terminal', () => {
  assert.equal(logFormat({ NODE_ENV: 'production' }, true), 'json');
  assert.equal(logFormat({ NODE_ENV: 'production' }, false), 'json');
  assert.equal(logFormat({}, false), 'json');
  assert.equal(logFormat({ NODE_ENV: 'development' }, true), 'pretty');
  assert.equal(logFormat({}, true), 'pretty');
});

test('the production format is JSON lines, with personal data redacted', async () => {
  const out = sink();
  await logSome(out.stream);
  const lines = out.lines();
  assert.ok(lines.length >= 3, `expected the message and the request's two lines, got ${lines.length}`);
  const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.ok(entries.every((e) => typeof e.level === 'number' && typeof e.time === 'number'));
  const looked = entries.find((e) => e.msg === 'household looked up') as { person: { nationalId: string; fullName: string } };
  assert.deepEqual(looked.person, { nationalId: '[redacted]', fullName: '[redacted]' });
  const text = lines.join('\n');
  assert.ok(!text.includes(NID) && !text.includes(NAME) && !text.includes('secret-token'));
});

test('the development format is one readable line per entry, without personal data', async () => {
  const out = sink();
  await logSome(prettyStream(out.stream, false));
  const lines = out.lines();
  assert.ok(lines.length >= 3, `expected the message and the request's two lines, got ${lines.length}`);
  for (const l of lines) {
    assert.throws(() => JSON.parse(l), `not JSON: ${l}`);
    assert.match(l, /^\[\d\d:\d\d:\d\d\.\d{3}\] (INFO|WARN|ERROR|DEBUG): /);
  }
  assert.ok(lines.some((l) => l.includes('household looked up') && l.includes('[redacted]')));
  assert.ok(lines.some((l) => l.includes('GET') && l.includes('/api/v1/lookup')));
  const text = lines.join('\n');
  assert.ok(!text.includes(NID) && !text.includes(NAME) && !text.includes('secret-token'));
});
