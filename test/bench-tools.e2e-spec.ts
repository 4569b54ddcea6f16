import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { busyShare, type CpuProfile, selfTime } from '../bench/tools/cpu-samples';
import { nodeKind, objectShape, perUnit, tally } from '../bench/tools/heap-snapshot';

/**
 * The analysis tools of bench/tools (bench/README.md), on profiles and heap snapshots of small Node processes whose
 * answer is known: the figures the README quotes from them must be what they say.
 */
describe('bench/tools', () => {
  const dir = mkdtempSync(join(tmpdir(), 'diemcau-bench-tools-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('heap-per-socket: the difference of two snapshots, per unit added, counts what each unit holds and cancels the rest', () => {
    // Each "socket" holds a Probe and a plain {alpha, beta, n}; the process's own heap is the fixed part. (`n`, a small
    // integer, is not a heap object: a snapshot has no edge for it, so the shape shows alpha and beta.)
    const script = `
      class Probe { constructor(i) { this.i = i; this.tag = { alpha: 'a' + i, beta: 'b' + i, n: i }; } }
      globalThis.kept = Array.from({ length: Number(process.argv[1]) }, (_, i) => new Probe(i));
      require('node:v8').writeHeapSnapshot(process.argv[2]);`;
    const snapshot = (n: number) => {
      const file = join(dir, `${n}.heapsnapshot`);
      execFileSync(process.execPath, ['-e', script, String(n), file]);
      return file;
    };
    const [small, large] = [snapshot(100), snapshot(300)];
    const byKind = perUnit(tally(small, nodeKind), tally(large, nodeKind), 200);
    expect(byKind.find((r) => r.key === 'object Probe')).toMatchObject({ count: 1 });
    expect(byKind.find((r) => r.key === 'object Probe')!.bytes).toBeGreaterThan(0);
    const byShape = perUnit(tally(small, objectShape), tally(large, objectShape), 200);
    expect(byShape.find((r) => r.key === '{alpha, beta}')).toMatchObject({ count: 1 });
    // Nothing else grows by a whole object per unit: the fixed part cancels out.
    expect(byShape.filter((r) => r.count >= 1).map((r) => r.key)).toEqual(['{alpha, beta}']);
  });

  it('cpu-profile: finds the busy stretch and the function that burnt it', () => {
    // ~300 ms idle, then ~400 ms of CPU in one named function.
    const script = `
      function burnTheCpu() {
        const end = process.cpuUsage().user + 400000;
        let x = 0;
        do for (let i = 0; i < 1e6; i++) x += Math.sqrt(i + x);
        while (process.cpuUsage().user < end);
        return x;
      }
      setTimeout(burnTheCpu, 300);`;
    execFileSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '-e', script]);
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const { busyMs, rows } = selfTime(profile, { fromMs: 0, toMs: Infinity }, 'function');
    expect(rows[0][0]).toMatch(/^burnTheCpu /);
    expect(rows[0][1]).toBeGreaterThan(200);
    expect(rows[0][1]).toBeLessThanOrEqual(busyMs);
    const bins = busyShare(profile, 100);
    expect(Math.max(...bins.map((b) => b.busy))).toBeGreaterThan(0.9);
    // The window of the busiest bins holds the function's time; the first 250 ms (its timer fires at 300 ms) none of it.
    const busiest = bins.filter((b) => b.busy > 0.9);
    const inBurst = selfTime(profile, { fromMs: busiest[0].fromMs, toMs: busiest.at(-1)!.fromMs + 100 }, 'function').rows;
    expect(inBurst[0][0]).toMatch(/^burnTheCpu /);
    const before = selfTime(profile, { fromMs: 0, toMs: 250 }, 'function').rows;
    expect(before.find(([key]) => key.startsWith('burnTheCpu '))).toBeUndefined();
  });
});
