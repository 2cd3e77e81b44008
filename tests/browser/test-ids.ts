import { createRequire } from 'node:module';

// src/ is CommonJS-scoped (the plugin's package.json has no "type"), while these specs are ES
// modules; Node's ESM loader cannot see named exports of a transpiled CommonJS file, so load
// the shared ids through require, which Playwright's TypeScript hook handles.
const require = createRequire(import.meta.url);

export const { testIds } = require('../../src/testIds.ts') as typeof import('../../src/testIds');
