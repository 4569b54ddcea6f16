/** A `--cpu-prof` profile (the fields read here). */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

export type GroupBy = 'function' | 'file' | 'package';

interface Sample {
  id: number;
  /** Milliseconds from the start of the profile. */
  at: number;
  ms: number;
}

function samplesOf(p: CpuProfile): Sample[] {
  let at = 0;
  return p.samples.map((id, i) => {
    at += p.timeDeltas[i] / 1000;
    return { id, at, ms: p.timeDeltas[i] / 1000 };
  });
}

const idleIds = (p: CpuProfile) => new Set(p.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));

/** The share of busy (not idle) samples in each bin of `binMs`, in time order: where the burst is. */
export function busyShare(p: CpuProfile, binMs: number): Array<{ fromMs: number; busy: number }> {
  const idle = idleIds(p);
  const bins = new Map<number, { busy: number; all: number }>();
  for (const s of samplesOf(p)) {
    const bin = Math.floor(s.at / binMs);
    const b = bins.get(bin) ?? { busy: 0, all: 0 };
    b.all++;
    if (!idle.has(s.id)) b.busy++;
    bins.set(bin, b);
  }
  return [...bins].sort((x, y) => x[0] - y[0]).map(([bin, b]) => ({ fromMs: bin * binMs, busy: b.busy / b.all }));
}

export function keyOf(frame: CpuProfile['nodes'][number]['callFrame'], by: GroupBy): string {
  const url = frame.url.replace(/^file:\/\//, '');
  const short = url.replace(/.*node_modules\//, '').replace(/.*\/dist\//, '');
  if (by === 'file') return short || frame.functionName;
  if (by === 'package') {
    const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
    if (pkg) return pkg[1];
    return url.includes('/dist/src/') ? `app: ${url.split('/dist/src/')[1].split('/')[0]}` : url || frame.functionName;
  }
  return `${frame.functionName || '(anonymous)'} ${short}:${frame.lineNumber + 1}`;
}

/** Self time (ms) in the window, per function, file or package, the most first; and the window's busy time. */
export function selfTime(p: CpuProfile, window: { fromMs: number; toMs: number }, by: GroupBy): { busyMs: number; rows: Array<[string, number]> } {
  const idle = idleIds(p);
  const frames = new Map(p.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, number>();
  let busyMs = 0;
  for (const s of samplesOf(p)) {
    if (s.at < window.fromMs || s.at > window.toMs || idle.has(s.id)) continue;
    busyMs += s.ms;
    const key = keyOf(frames.get(s.id)!, by);
    self.set(key, (self.get(key) ?? 0) + s.ms);
  }
  return { busyMs, rows: [...self].sort((x, y) => y[1] - x[1]) };
}
