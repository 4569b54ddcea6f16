/**
 * Runs nginx in the foreground as a child of this small Node process, which a benchmark starts with `spawnNode` (so
 * the parent watch applies): when this process exits — stopped, or orphaned by a benchmark that died — nginx is told
 * to stop too (SIGTERM: its master stops its workers). Arguments: the nginx binary, then nginx's own arguments.
 */
import { spawn } from 'node:child_process';

const [bin, ...nginxArgs] = process.argv.slice(2);
const child = spawn(bin, nginxArgs, { stdio: 'inherit' });
const stopNginx = () => {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
};
process.on('exit', stopNginx);
process.once('SIGTERM', () => {
  stopNginx();
  child.once('exit', () => process.exit(0));
});
child.once('exit', (code, signal) => {
  process.stderr.write(`[nginx-child] nginx exited (${code ?? signal})\n`);
  process.exit(code ?? 1);
});
