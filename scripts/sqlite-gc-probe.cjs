#!/usr/bin/env node
/**
 * Loads better-sqlite3 and lets the garbage collector free thousands of prepared statements between timer ticks, as a
 * long-running server does. An addon built against Node 24.19+'s headers aborts here (`Assertion failed: (env) !=
 * nullptr`); one that does not load fails here too. Prints "ok" and exits 0 when the addon is safe on this Node.
 * Used by scripts/ensure-native.cjs (at install) and src/database/native-addon.spec.ts.
 */
const Database = require('better-sqlite3');

const ROUNDS = Number(process.argv[2] ?? 30);
const db = new Database(':memory:');
let junk = [];

async function main() {
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < 5000; i++) db.prepare('select ? as v').get(i);
    for (let i = 0; i < 20000; i++) junk.push({ i, s: 'x'.repeat(50) });
    junk = [];
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  db.close();
  console.log('ok');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
