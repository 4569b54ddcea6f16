#!/usr/bin/env node
/**
 * `npm start`: builds the server and the pages when the build is missing or older than the sources,
 * then runs the built server (SQLite in ./data and the demo on an empty database, unless configured otherwise).
 */
const { spawnSync, spawn } = require('node:child_process');
const { existsSync, statSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function mtime(file) {
  return existsSync(file) ? statSync(file).mtimeMs : 0;
}

function run(script) {
  console.log(`> npm run ${script}`);
  const r = spawnSync('npm', ['run', script], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const serverBuilt = mtime(join(root, 'dist/src/main.js'));
if (serverBuilt < Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'bench')))) run('build:server');
const webBuilt = mtime(join(root, 'web/dist/index.html'));
if (existsSync(join(root, 'web')) && webBuilt < Math.max(newestMtime(join(root, 'web')), newestMtime(join(root, 'src/presence')))) run('build:web');

const child = spawn(process.execPath, [join(root, 'dist/src/main.js')], { cwd: root, stdio: 'inherit', env: process.env });
let simulator = null;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig === 'SIGHUP' ? 'SIGTERM' : sig));
// `npm start` runs this through `sh -c`, which does not pass npm's SIGTERM on: when the shell dies, this process
// is orphaned without a signal. Notice it and stop the server the same way.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) child.kill('SIGTERM');
}, 500).unref();
child.on('exit', (code, signal) => {
  if (simulator) simulator.kill('SIGINT');
  process.exit(code ?? (signal ? 1 : 0));
});

/**
 * The demo comes alive by itself: once the server answers, the point simulator connects most of the live demo
 * conference's points (a few never come, some drop and come back). DEMO_SIMULATE=false turns it off; it stops
 * with the server. Its output goes to data/simulator.log.
 */
const off = (v) => ['0', 'false', 'no', 'off'].includes(String(v ?? '').toLowerCase());
if (!off(process.env.SEED_DEMO) && !off(process.env.DEMO_SIMULATE) && existsSync(join(root, 'dist/bench/simulate.js'))) {
  const port = process.env.PORT || '3000';
  const base = `http://127.0.0.1:${port}`;
  const startedAt = Date.now();
  const poll = setInterval(async () => {
    if (Date.now() - startedAt > 120_000) return clearInterval(poll);
    try {
      const res = await fetch(`${base}/api/health`);
      if (!res.ok) return;
    } catch {
      return;
    }
    clearInterval(poll);
    const { mkdirSync, openSync } = require('node:fs');
    const dataDir = process.env.DATA_DIR || join(root, 'data');
    mkdirSync(dataDir, { recursive: true });
    const log = openSync(join(dataDir, 'simulator.log'), 'a');
    const points = process.env.DEMO_SIMULATE_POINTS || '9';
    simulator = spawn(process.execPath, [join(root, 'dist/bench/simulate.js'), '--url', base, '--points', points, '--drop-rate', '0.1', '--drop-every', '20'], {
      cwd: root,
      stdio: ['ignore', log, log],
      env: { ...process.env, SIMULATE_USERNAME: 'bantochuc', SIMULATE_PASSWORD: 'BanToChuc@2021' },
    });
    simulator.on('exit', () => (simulator = null));
    console.log(
      `Mô phỏng ${points} điểm cầu của hội nghị đang diễn ra / simulating ${points} points of the live demo conference (DEMO_SIMULATE=false to turn off; log: ${join(dataDir, 'simulator.log')})`,
    );
  }, 1000);
}
