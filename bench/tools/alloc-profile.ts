import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type CpuProfile, type GroupBy, keyOf } from './cpu-samples';

/*
 * Bytes allocated in one phase of a `bench:presence` run, from the sampling heap profiles that
 * `BENCH_ALLOC_PROFILE_DIR` makes (bench/lib/alloc-profile.ts; garbage included), by function, file or package.
 *
 *   node dist/bench/tools/alloc-profile.js <pid>-<n>.heapprofile [--per 10000] [--by function|file|package] [--top N]
 *
 * `--per`: divide by the phase's sockets or check-ins, for the bytes each one allocates; compare with the relay's
 * profile of the same phase.
 */

interface AllocNode {
  callFrame: CpuProfile['nodes'][number]['callFrame'];
  selfSize: number;
  children?: AllocNode[];
}

const USAGE = 'usage: alloc-profile <file>.heapprofile [--per N] [--by function|file|package] [--top N]';

function main(): void {
  const { values: args, positionals } = parseArgs({
    allowPositionals: true,
    options: { per: { type: 'string', default: '1' }, by: { type: 'string', default: 'function' }, top: { type: 'string', default: '40' } },
  });
  const [file] = positionals;
  const by = args.by as GroupBy;
  const per = Number(args.per);
  if (!file || !['function', 'file', 'package'].includes(by) || !(per > 0)) {
    console.error(USAGE);
    process.exit(2);
  }
  const { head } = JSON.parse(readFileSync(file, 'utf8')) as { head: AllocNode };
  const bytes = new Map<string, number>();
  let total = 0;
  for (const stack = [head]; stack.length;) {
    const node = stack.pop()!;
    if (node.selfSize) {
      const key = keyOf(node.callFrame, by);
      bytes.set(key, (bytes.get(key) ?? 0) + node.selfSize);
      total += node.selfSize;
    }
    stack.push(...(node.children ?? []));
  }
  console.log(`${(total / 1048576).toFixed(1)} MB allocated; ${(total / per).toFixed(0)} bytes per unit (÷ ${per})`);
  for (const [key, b] of [...bytes].sort((x, y) => y[1] - x[1]).slice(0, Number(args.top))) {
    console.log(`${(b / per).toFixed(0).padStart(8)} B ${((b / total) * 100).toFixed(1).padStart(5)} %  ${key}`);
  }
}

main();
