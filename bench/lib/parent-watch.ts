/**
 * Preloaded (`node -r dist/bench/lib/parent-watch.js …`) into every process a benchmark starts, so that
 * no server or relay outlives the benchmark: the process exits when its parent goes away (it is re-parented)
 * and, as a last resort, after `BENCH_MAX_LIFETIME_S` seconds. It touches nothing else in the process.
 */
import { rmSync } from 'node:fs';

const parentAtStart = process.ppid;

const watch = setInterval(() => {
  if (process.ppid !== parentAtStart) {
    process.stderr.write(`[parent-watch] parent ${parentAtStart} is gone: exiting\n`);
    // The orphan removes the temporary folder its benchmark can no longer remove.
    if (process.env.BENCH_TMP_DIR) rmSync(process.env.BENCH_TMP_DIR, { recursive: true, force: true });
    process.exit(0);
  }
}, 500);
watch.unref();

const maxLifetime = Number(process.env.BENCH_MAX_LIFETIME_S ?? '0');
if (Number.isFinite(maxLifetime) && maxLifetime > 0) {
  setTimeout(() => {
    process.stderr.write(`[parent-watch] BENCH_MAX_LIFETIME_S=${maxLifetime} reached: exiting\n`);
    process.exit(0);
  }, maxLifetime * 1000).unref();
}

// A CPU profile (--cpu-prof) is written only on a normal exit: when profiling, leave at once on SIGTERM.
if (/--cpu-prof\b/.test(`${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`)) {
  process.prependOnceListener('SIGTERM', () => process.exit(0));
}
