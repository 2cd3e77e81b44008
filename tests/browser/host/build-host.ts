import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '../../..');
export const HOST_BUILD_DIR = join(here, '.build');

/** Bundles the host page with the real @grafana/*, React and SystemJS packages. */
export async function buildHost(): Promise<string> {
  // @grafana/ui carries its own @emotion/css; give plugins that same instance, as Grafana does.
  const uiEmotion = join(root, 'node_modules/@grafana/ui/node_modules/@emotion/css');
  await build({
    entryPoints: [join(here, 'host.tsx')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    outdir: HOST_BUILD_DIR,
    entryNames: 'host',
    jsx: 'automatic',
    minify: false,
    sourcemap: false,
    logLevel: 'error',
    alias: {
      'host-internal/plugin-page': join(root, 'node_modules/@grafana/runtime/dist/esm/components/PluginPage.mjs'),
      ...(existsSync(uiEmotion) ? { '@emotion/css': uiEmotion } : {}),
    },
    define: {
      'process.env.NODE_ENV': '"production"',
      global: 'globalThis',
      // Bundled UMD code (lodash) must not see SystemJS's AMD `define` and register itself there.
      define: 'undefined',
    },
    loader: { '.css': 'css', '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'file', '.png': 'file' },
  });
  return HOST_BUILD_DIR;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  await buildHost();
  console.log(`host page built in ${Date.now() - started} ms → ${HOST_BUILD_DIR}`);
}
