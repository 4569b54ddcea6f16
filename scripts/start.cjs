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
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
