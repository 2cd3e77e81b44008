// `npm run screenshots`: copies the screenshots the README shows from test-results/screenshots
// (written by `npm run test:browser`) to docs/screenshots. Fails if one is missing.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const SHOWN = [
  'dashboard-executive',
  'dashboard-oncall',
  'dashboard-debug',
  'slo-page-demo',
  'slos',
  'catalog',
  'team-checkout',
  'service-payments-api',
  'ownership-health',
  'slo-panel-status-grid',
  'slo-panel-gauges',
  'slo-panel-burndown',
  'app-overview',
];

const from = 'test-results/screenshots';
const to = 'docs/screenshots';
const missing = SHOWN.filter((name) => !existsSync(join(from, `${name}.png`)));
if (missing.length) {
  console.error(`missing in ${from}: ${missing.join(', ')}; run npm run test:browser first`);
  process.exit(1);
}
mkdirSync(to, { recursive: true });
for (const name of SHOWN) {
  copyFileSync(join(from, `${name}.png`), join(to, `${name}.png`));
}
console.log(`${SHOWN.length} screenshots copied to ${to}`);
