import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { busyShare, type CpuProfile, type GroupBy, selfTime } from './cpu-samples';

/*
 * Self time of a `--cpu-prof` profile, within a window of it, by function, file or package.
 *
 *   node dist/bench/tools/cpu-profile.js <file>.cpuprofile --bins 250          the share of busy samples per 250 ms: find the burst
 *   node dist/bench/tools/cpu-profile.js <file>.cpuprofile --window 12250,13550 [--by function|file|package] [--top N]
 *
 * Times are milliseconds from the start of the profile. Divide a line's milliseconds by the burst's check-ins for its
 * cost per check-in; compare with the relay's profile of the same run (`BENCH_RELAY_NODE_ARGS`).
 */

const USAGE = 'usage: cpu-profile <file>.cpuprofile (--bins MS | --window FROM,TO [--by function|file|package] [--top N])';

function main(): void {
  const { values: args, positionals } = parseArgs({
    allowPositionals: true,
    options: { bins: { type: 'string' }, window: { type: 'string' }, by: { type: 'string', default: 'function' }, top: { type: 'string', default: '40' } },
  });
  const [file] = positionals;
  const by = args.by as GroupBy;
  if (!file || !['function', 'file', 'package'].includes(by)) {
    console.error(USAGE);
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const bins = Number(args.bins);
  if (bins > 0) {
    for (const b of busyShare(profile, bins)) console.log(`${b.fromMs} ms ${(b.busy * 100).toFixed(0)} %`);
    return;
  }
  const [fromMs, toMs] = (args.window ?? `0,${Infinity}`).split(',').map(Number);
  const { busyMs, rows } = selfTime(profile, { fromMs, toMs }, by);
  console.log(`window ${fromMs}–${toMs} ms: ${busyMs.toFixed(0)} ms busy`);
  for (const [key, ms] of rows.slice(0, Number(args.top))) {
    console.log(`${ms.toFixed(1).padStart(8)} ms ${((ms / busyMs) * 100).toFixed(1).padStart(5)} %  ${key}`);
  }
}

main();
