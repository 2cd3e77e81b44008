import path from 'node:path';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import type { Configuration } from 'webpack';
import { merge } from 'webpack-merge';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config.ts';

// Extends the scaffolded configuration (see .config/README.md): the scaffold copies only the
// root plugin's logos, so nested plugins' images are copied here.
const config = async (env: Env): Promise<Configuration> => {
  const baseConfig = await grafanaConfig(env);
  return merge(baseConfig, {
    plugins: [
      new CopyWebpackPlugin({
        patterns: [{ from: '**/img/*', to: '[path][name][ext]', context: path.resolve(process.cwd(), 'src') }],
      }),
    ],
  });
};

export default config;
