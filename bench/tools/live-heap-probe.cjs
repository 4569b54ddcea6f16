/**
 * A preload for measuring the live heap of a benchmarked process (the server or the bare relay): every second it
 * forces a full collection and appends "<ms since start> <live heap MB> <RSS MB>" to <tmpdir>/live-heap-<pid>.log.
 * The forced collections cost CPU: use it for memory runs only, never with the CPU or latency figures.
 *
 *   BENCH_SERVER_NODE_ARGS="--expose-gc -r ./bench/tools/live-heap-probe.cjs" node dist/bench/presence.bench.js --points 10000 --runs 1 --skip-bare
 */
const { appendFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

if (typeof global.gc !== 'function') throw new Error('live-heap-probe: run node with --expose-gc');
const file = join(tmpdir(), `live-heap-${process.pid}.log`);
const started = Date.now();
process.stderr.write(`live-heap-probe: writing ${file}\n`);
setInterval(() => {
  global.gc();
  const { heapUsed, rss } = process.memoryUsage();
  appendFileSync(file, `${Date.now() - started} ${(heapUsed / 1048576).toFixed(1)} ${(rss / 1048576).toFixed(1)}\n`);
}, 1000).unref();
