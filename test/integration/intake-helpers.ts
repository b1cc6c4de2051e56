/** The intake's test set-up: the HTTP app with a recording invitations port, the import job's worker, uploads as multipart. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type App } from '../../src/http/app.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { JobWorker } from '../../src/modules/jobs/worker.js';
import { intakeJobHandlers } from '../../src/modules/intake/import-job.js';
import type { InviteItem, IntakeSettings, OnAccepted } from '../../src/modules/intake/intake-settings.js';
import type { TestDb } from '../support/db.js';

export interface IntakeHarness {
  app: App;
  settings: IntakeSettings;
  clock: ManualClock;
  /** Every item handed to the invitations port, in order. */
  invited: InviteItem[];
  upload(token: string, fileName: string, content: Buffer | string): Promise<{ status: number; body: any }>;
  call(method: string, url: string, token: string, body?: unknown): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  /** Runs every due job (the import's chunks) to the end. */
  runJobs(): Promise<{ done: number; failed: number }>;
  close(): Promise<void>;
}

export function multipartBody(fileName: string, content: Buffer | string, field = 'file') {
  const boundary = `----mizan${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, Buffer.isBuffer(content) ? content : Buffer.from(content), tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function intakeHarness(t: TestDb, opts: { maxBytes?: number; maxRows?: number; chunkRows?: number } = {}): Promise<IntakeHarness> {
  const settings: IntakeSettings = { dir: mkdtempSync(join(tmpdir(), 'mizan-intake-')), maxBytes: opts.maxBytes ?? 1024 * 1024, maxRows: opts.maxRows ?? 100_000 };
  const clock = new ManualClock(new Date('2026-03-01T09:00:00Z'));
  const invited: InviteItem[] = [];
  const onAccepted: OnAccepted = async (_trx, items) => {
    invited.push(...items);
    return items.length;
  };
  const app = await buildApp({ db: t.database.db, deployment: t.dep, clock, checkResponses: true, logger: false, intake: { settings, onAccepted } });
  await app.ready();
  const worker = new JobWorker(t.database.db, { clock, handlers: intakeJobHandlers({ dep: t.dep, settings, onAccepted, chunkRows: opts.chunkRows ?? 3 }) });
  const parse = (res: { headers: Record<string, unknown>; body: string; json(): any }) => (String(res.headers['content-type'] ?? '').includes('json') ? res.json() : res.body);
  return {
    app, settings, clock, invited,
    async upload(token, fileName, content) {
      const { payload, contentType } = multipartBody(fileName, content);
      const res = await app.inject({ method: 'POST', url: '/api/v1/imports', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, payload });
      return { status: res.statusCode, body: parse(res) };
    },
    async call(method, url, token, body) {
      const res = await app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });
      return { status: res.statusCode, body: parse(res), headers: res.headers };
    },
    async runJobs() {
      let total = { done: 0, failed: 0 };
      for (;;) {
        const r = await worker.runDue();
        total = { done: total.done + r.done, failed: total.failed + r.failed };
        if (r.done + r.failed === 0) return total;
      }
    },
    close: () => app.close(),
  };
}
