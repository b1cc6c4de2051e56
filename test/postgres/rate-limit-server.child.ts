/**
 * A server process for test/postgres/rate-limit-servers.test.ts: opens the database at argv[2],
 * builds Mizan as `mizan serve` does with the rate limits of argv[3] (JSON), listens on 127.0.0.1
 * on a free port, prints {"url": …} on stdout, and closes when its standard input ends.
 */
import { openDatabase } from '../../src/db/database.js';
import { loadDeployment } from '../../src/deployments/setup.js';
import { buildApp } from '../../src/http/app.js';

const [url, limits] = process.argv.slice(2);
if (!url || !limits) {
  console.error('usage: rate-limit-server.child.ts <database url> <rate limits JSON>');
  process.exit(2);
}
const database = await openDatabase({ url, poolSize: 4 });
const dep = await loadDeployment(database.db);
const app = await buildApp({ db: database.db, deployment: dep, logger: false, env: {}, rateLimits: JSON.parse(limits) });
await app.listen({ host: '127.0.0.1', port: 0 });
const addr = app.server.address();
process.stdout.write(JSON.stringify({ url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}` }) + '\n');
process.stdin.resume();
process.stdin.on('end', async () => {
  await app.close();
  await database.close();
  process.exit(0);
});
