import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The SQLite addon must survive the garbage collector on the Node.js running the tests: an addon built against
 * Node 24.19+'s headers aborts the whole process when statements are freed between timer ticks (see
 * scripts/ensure-native.cjs). Runs in a child process so that an abort fails this test instead of ending Jest.
 */
describe('better-sqlite3 native addon', () => {
  it(`frees thousands of prepared statements without aborting Node ${process.version}`, () => {
    const r = spawnSync(process.execPath, [join(process.cwd(), 'scripts', 'sqlite-gc-probe.cjs'), '10'], { encoding: 'utf8', timeout: 50_000 });
    const output = `${r.stdout}${r.stderr}`.trim();
    expect({ status: r.status, signal: r.signal, last: output.split('\n').pop() }).toEqual({ status: 0, signal: null, last: 'ok' });
  });
});
