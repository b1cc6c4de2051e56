/**
 * A worker process for test/postgres/requests-workers.test.ts: opens the database at argv[2],
 * sets its clock to argv[3], waits until the wall-clock instant argv[4] (so that competing
 * processes start together), runs every due job with argv[5] concurrent loops, and prints
 * {"done": n, "failed": m} on stdout.
 */
import { openDatabase } from '../../src/db/database.js';
import { loadDeployment } from '../../src/deployments/setup.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { JobWorker } from '../../src/modules/jobs/worker.js';
import { requestJobHandlers } from '../../src/modules/requests/deadline.js';

const [url, now, startAt, loops = '2', name = `child-${process.pid}`] = process.argv.slice(2);
if (!url || !now || !startAt) {
  console.error('usage: requests-worker.child.ts <database url> <now ISO> <start epoch ms> [loops] [name]');
  process.exit(2);
}
const database = await openDatabase({ url, poolSize: Number(loops) + 1 });
const dep = await loadDeployment(database.db);
const clock = new ManualClock(new Date(now));
const errors: string[] = [];
const workers = Array.from({ length: Number(loops) }, (_, i) => new JobWorker(database.db, { clock, handlers: requestJobHandlers(dep), name: `${name}.${i}`, onError: (_job, e) => errors.push(String(e)) }));
await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
const results = await Promise.all(workers.map((w) => w.runDue()));
await database.close();
process.stdout.write(JSON.stringify({ done: results.reduce((n, r) => n + r.done, 0), failed: results.reduce((n, r) => n + r.failed, 0), errors }) + '\n');
