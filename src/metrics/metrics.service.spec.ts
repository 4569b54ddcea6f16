import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MetricsService } from './metrics.service';

/** A major collection forced in this process (the `gc` function, exposed after the fact). */
function majorGc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const value = (text: string, name: string) => text.split('\n').find((l) => l.startsWith(`${name} `));

describe('MetricsService', () => {
  it('reports the heap left after a major collection, once one has happened', async () => {
    const metrics = new MetricsService();
    try {
      majorGc();
      // The observer hears of the collection a little later (its callback is queued).
      let bytes = 0;
      for (let i = 0; i < 50 && !bytes; i++) {
        await new Promise((r) => setTimeout(r, 20));
        bytes = Number(value((await metrics.render()).body, 'diemcau_heap_after_major_gc_bytes')?.split(' ')[1]);
      }
      expect(bytes).toBeGreaterThan(1_000_000);
      expect(bytes).toBeLessThan(4 * 1024 ** 3);
    } finally {
      metrics.onModuleDestroy();
    }
  });
});
