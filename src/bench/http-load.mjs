// HTTP load from a separate process (so the load generator does not share the server's event
// loop): autocannon with N connections against a list of requests, each connection cycling
// through the list. Input: one JSON argument; output: one JSON line.
//   { url, connections, seconds, warmupSeconds, requests: [{ path, headers }], stagger }
// With `stagger`, connection k starts its walk through the list `stagger` × k entries further on
// (so connections that carry different tokens in their entries do not all start on the same one).
import autocannon from 'autocannon';

const o = JSON.parse(process.argv[2]);
const requests = o.requests.map((r) => ({ method: 'GET', path: r.path, headers: r.headers ?? {} }));
let clients = 0;
const setupClient = (client) => {
  const off = (clients++ * (o.stagger ?? 0)) % requests.length;
  client.setRequests([...requests.slice(off), ...requests.slice(0, off)].map((r) => ({ ...r, headers: { ...r.headers } })));
};

function fire(seconds) {
  return new Promise((resolve, reject) => {
    autocannon({ url: o.url, connections: o.connections, duration: seconds, requests, pipelining: 1, ...(o.stagger ? { setupClient } : {}) }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

if (o.warmupSeconds > 0) await fire(o.warmupSeconds);
const r = await fire(o.seconds);
process.stdout.write(
  `${JSON.stringify({
    requests: r.requests.total,
    throughput: r.requests.average,
    mean: r.latency.average,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    seconds: r.duration,
  })}\n`,
);
