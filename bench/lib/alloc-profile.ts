/**
 * Preloaded into a benchmark's server or relay (`-r`) when `BENCH_ALLOC_PROFILE_DIR` is set: V8's sampling heap
 * profiler runs from start, counting every sampled allocation, also those collected since (so it shows what a phase
 * allocates, garbage included, not only what it keeps). On each SIGPWR (not SIGUSR2: Nest's shutdown hooks stop on it; the harness sends one at every phase
 * boundary: connect, connected, burst, online) the profile so far is written as `<pid>-<n>.heapprofile` (Chrome's
 * format: DevTools → Memory → Load) and a new one begins, so file n holds phase n.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.BENCH_ALLOC_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  const start = () =>
    session.post('HeapProfiler.startSampling', {
      samplingInterval: Number(process.env.BENCH_ALLOC_SAMPLING_BYTES ?? 16384),
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    } as object);
  let n = 0;
  session.post('HeapProfiler.enable', () => start());
  process.on('SIGPWR', () => {
    session.post('HeapProfiler.stopSampling', (err, res) => {
      if (!err) writeFileSync(join(dir, `${process.pid}-${++n}.heapprofile`), JSON.stringify(res.profile));
      start();
    });
  });
}
