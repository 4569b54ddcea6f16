#!/usr/bin/env node
/**
 * Builds the pages (web/) into web/dist with Vite, using web/vite.config.mjs.
 * `npm run build:web` (and `npm run build`) run this; the Nest app serves web/dist.
 */
const { resolve } = require('node:path');

async function main() {
  const root = resolve(__dirname, '..', 'web');
  const { build } = await import('vite');
  await build({ root, configFile: resolve(root, 'vite.config.mjs'), logLevel: process.env.CI ? 'warn' : 'info' });
}

main().catch((err) => {
  console.error('Xây dựng giao diện web thất bại / web build failed:', err && err.stack ? err.stack : err);
  process.exit(1);
});
