import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '../../..');
export const HOST_BUILD_DIR = join(here, '.build');

/**
 * @grafana/ui's .mjs files default-import CommonJS packages that set `__esModule`
 * (react-custom-scrollbars-2). esbuild gives .mjs importers Node's semantics (the whole
 * `module.exports`), Grafana's webpack gives them `exports.default`; this plugin does what webpack does.
 */
const commonJsDefaultInterop: Plugin = {
  name: 'commonjs-default-interop',
  setup(build) {
    build.onResolve({ filter: /^react-custom-scrollbars-2$/ }, (args) =>
      args.importer.endsWith('.mjs') ? { path: args.path, namespace: 'cjs-default' } : undefined
    );
    build.onLoad({ filter: /.*/, namespace: 'cjs-default' }, (args) => ({
      contents: `import * as m from '${args.path}'; export default m.default ?? m;`,
      resolveDir: root,
      loader: 'js',
    }));
  },
};

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
    plugins: [commonJsDefaultInterop],
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
