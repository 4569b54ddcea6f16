#!/usr/bin/env node
/**
 * `postinstall`: makes sure the better-sqlite3 addon loads on the running Node.js and cannot abort the process.
 *
 * Two ways an install goes wrong, both fixed by rebuilding the addon against the right headers:
 * - npm is configured with a `nodedir` of another Node.js (on this project's machines `/usr`, Node 20's headers), so on
 *   Node 22 or 24 the addon fails to load: "compiled against a different Node.js version (NODE_MODULE_VERSION …)".
 * - Node 24.19 and later ship a `node_object_wrap.h` whose destructor removes a per-object cleanup hook through the
 *   current context; V8 runs that destructor from garbage-collection callbacks where no Node context is entered, and
 *   Node aborts the whole process: `Assertion failed: (env) != nullptr` in `node::RemoveEnvironmentCleanupHook`, from
 *   `Statement::~Statement()` (nodejs/node issue 65446). The header is compiled into the addon, so the fix is the header:
 *   built against Node 24.18.1's headers (same ABI, NODE_MODULE_VERSION 137) the addon runs on every 24.x safely.
 *
 * The headers come from the npm registry's `node-<platform>-<arch>` package of that version (it ships the binary and
 * its include/ folder), kept in node_modules/.cache/node-headers/. DIEMCAU_SKIP_NATIVE_CHECK=1 skips this script.
 */
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const addonDir = join(root, 'node_modules', 'better-sqlite3');
const SAFE_24_HEADERS = '24.18.1';

function log(msg) {
  console.log(`[ensure-native] ${msg}`);
}

/** True when the node_object_wrap.h in `nodedir` has the cleanup hook that aborts in garbage collection. */
function hasAbortingObjectWrap(nodedir) {
  const header = join(nodedir, 'include', 'node', 'node_object_wrap.h');
  return existsSync(header) && readFileSync(header, 'utf8').includes('RemoveEnvironmentCleanupHook');
}

/** The headers the addon was built against (node-gyp writes them to build/config.gypi); undefined for a prebuilt binary. */
function builtAgainst() {
  const gypi = join(addonDir, 'build', 'config.gypi');
  if (!existsSync(gypi)) return undefined;
  const m = /"nodedir":\s*"([^"]+)"/.exec(readFileSync(gypi, 'utf8'));
  return m ? m[1] : undefined;
}

/** Runs scripts/sqlite-gc-probe.cjs in a child process (an abort there must not end this one). */
function probe() {
  const r = spawnSync(process.execPath, [join(__dirname, 'sqlite-gc-probe.cjs'), '10'], { cwd: root, encoding: 'utf8' });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  const lines = output.split('\n');
  const telling = lines.filter((l) => /Error|NODE_MODULE_VERSION|Assertion failed/.test(l)).slice(0, 2);
  const why = r.signal ? `killed by ${r.signal}` : `exit ${r.status}`;
  return { ok: r.status === 0 && output.endsWith('ok'), output: `${why}: ${(telling.length ? telling : lines.slice(0, 2)).join(' ').trim()}` };
}

/** Headers version to build against: the running Node's own, except on 24.19+ (see above). */
function headersVersion() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  return major === 24 && minor >= 19 ? SAFE_24_HEADERS : process.versions.node;
}

function headersPackage(version) {
  const platform = { linux: 'linux', darwin: 'darwin', win32: 'win' }[process.platform];
  if (!platform) throw new Error(`no node-<platform> package for ${process.platform}`);
  const name = `node-${platform}-${process.arch}`;
  const prefix = join(root, 'node_modules', '.cache', 'node-headers', version);
  const dir = join(prefix, 'node_modules', name);
  if (!existsSync(join(dir, 'include', 'node', 'node.h'))) {
    mkdirSync(prefix, { recursive: true });
    log(`installing ${name}@${version} from the npm registry for its headers`);
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', '--prefix', prefix, `${name}@${version}`], {});
  }
  return dir;
}

function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env }, shell: process.platform === 'win32' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
}

function main() {
  if (['1', 'true'].includes(String(process.env.DIEMCAU_SKIP_NATIVE_CHECK ?? '').toLowerCase())) return;
  if (!existsSync(addonDir)) return; // installed without dependencies (e.g. --omit): nothing to check
  const nodedir = builtAgainst();
  const first = probe();
  let reason;
  if (!first.ok) reason = `better-sqlite3 fails on Node ${process.versions.node} (${first.output})`;
  else if (nodedir && hasAbortingObjectWrap(nodedir))
    reason = `better-sqlite3 was built against headers (${nodedir}) whose node::ObjectWrap aborts Node when a statement is garbage-collected`;
  if (!reason) return;
  const version = headersVersion();
  log(`${reason}; rebuilding it against Node ${version}'s headers`);
  const dir = headersPackage(version);
  run('npm', ['rebuild', 'better-sqlite3'], { npm_config_nodedir: dir });
  const after = probe();
  if (!after.ok) throw new Error(`better-sqlite3 still does not load after the rebuild: ${after.output}`);
  log(`better-sqlite3 rebuilt against ${dir}`);
}

try {
  main();
} catch (err) {
  console.error(`[ensure-native] ${err && err.message ? err.message : err}`);
  process.exit(1);
}
