import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.DIEMCAU_API ?? 'http://127.0.0.1:3000';

/**
 * The entry (`src/main.tsx`) is small and loads the pages (`src/app.tsx`) as a chunk of their own, so that a board can
 * start its first reads before the pages' code is evaluated; this preloads that chunk from index.html, so it is
 * fetched beside the entry rather than after it.
 */
function preloadPagesChunk() {
  return {
    name: 'diemcau-preload-pages',
    apply: 'build',
    transformIndexHtml(html, ctx) {
      const chunk = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.facadeModuleId?.endsWith('/src/app.tsx'));
      if (!chunk) throw new Error('the pages chunk (src/app.tsx) is missing from the build');
      const css = [...(chunk.viteMetadata?.importedCss ?? [])].map((f) => ({
        tag: 'link',
        attrs: { rel: 'stylesheet', crossorigin: true, href: `/${f}` },
        injectTo: 'head',
      }));
      return [{ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${chunk.fileName}` }, injectTo: 'head' }, ...css];
    },
  };
}

/**
 * The entry holds what a board's early reads need (the fetch layer, the socket, Preact), nothing of the pages: the
 * board's first paint waits for it (README, "What the board does first"). A static import that drags the dictionaries
 * or luxon into it (as `api.ts` did, 162 KB instead of 63 KB) fails the build, naming the module.
 */
const NOT_IN_ENTRY = [/\/node_modules\/luxon\//, /\/web\/src\/i18n(-live)?\.ts$/, /\/web\/src\/app\.tsx$/];
function entryStaysSmall() {
  return {
    name: 'diemcau-entry-stays-small',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || !chunk.isEntry) continue;
        const heavy = chunk.moduleIds.filter((id) => NOT_IN_ENTRY.some((re) => re.test(id)));
        if (heavy.length)
          throw new Error(`the entry chunk (src/main.tsx) must not hold ${heavy.join(', ')}: import it from the pages, not from what main.tsx imports`);
      }
    },
  };
}

/**
 * Writes a Brotli (quality 11) and a gzip (level 9) copy beside each built script and stylesheet, which the server
 * sends to a client that accepts them (src/web/web-pages.ts): ~440 KB that every page loads, 10,000 phones at once at
 * a national broadcast, go as ~100 KB, compressed once here rather than on every request.
 */
function precompress() {
  return {
    name: 'diemcau-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const fileName of Object.keys(bundle)) {
        if (!/^assets\/[\w.-]+\.(js|css)$/.test(fileName)) continue;
        const path = join(options.dir, fileName);
        const data = readFileSync(path);
        const br = { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } };
        writeFileSync(`${path}.br`, brotliCompressSync(data, br));
        writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
      }
    },
  };
}

/** The pages: built into web/dist and served by the Nest app (WebModule). `vite` here serves them for development. */
export default defineConfig({
  root,
  base: '/',
  plugins: [preact(), preloadPagesChunk(), entryStaysSmall(), precompress()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 800 },
  server: {
    proxy: {
      '/api': api,
      '/socket.io': { target: api, ws: true },
    },
  },
});
