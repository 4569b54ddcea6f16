import { parseArgs } from 'node:util';
import { nodeKind, objectShape, perUnit, tally } from './heap-snapshot';

/*
 * What one connected socket costs, from two heap snapshots of the same server with different numbers of sockets:
 * (larger − smaller) ÷ the sockets added, per kind of heap node, so the fixed part (modules, caches) cancels out.
 *
 *   node --max-old-space-size=8000 dist/bench/tools/heap-per-socket.js <smaller>.heapsnapshot <larger>.heapsnapshot <sockets added> [--shapes] [--top N]
 *
 * `--shapes` lists the plain objects only, by the names of their properties that hold heap values (which object it is). Take the snapshots at
 * the same moment of two runs of `bench:presence` (e.g. `--points 1000` and `--points 3000`, when the harness logs
 * "N sockets connected"), with `BENCH_SERVER_NODE_ARGS` / `BENCH_RELAY_NODE_ARGS="--heapsnapshot-signal=SIGWINCH
 * --diagnostic-dir=…"` and `kill -WINCH <pid>`; bench/README.md.
 */

function main(): void {
  const { values: args, positionals } = parseArgs({
    allowPositionals: true,
    options: { shapes: { type: 'boolean', default: false }, top: { type: 'string', default: '40' } },
  });
  const [smaller, larger, added] = positionals;
  const n = Number(added);
  if (!smaller || !larger || !(n > 0)) {
    console.error('usage: heap-per-socket <smaller>.heapsnapshot <larger>.heapsnapshot <sockets added> [--shapes] [--top N]');
    process.exit(2);
  }
  const keyOf = args.shapes ? objectShape : nodeKind;
  const rows = perUnit(tally(smaller, keyOf), tally(larger, keyOf), n);
  const total = rows.reduce((sum, r) => sum + r.bytes, 0);
  console.log(`per socket: ${total.toFixed(0)} B (self sizes${args.shapes ? ', plain objects only' : ''})`);
  for (const r of rows.slice(0, Number(args.top))) console.log(`${r.bytes.toFixed(0).padStart(6)} B ${r.count.toFixed(2).padStart(7)}  ${r.key}`);
}

main();
