/**
 * `npm run dashboards`: writes dashboards/*.json from the typed code in dashboards/src.
 * `npm run dashboards -- --check` fails when a file differs from what the code gives (as the
 * unit test does).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DASHBOARDS, dashboardJson } from './index';

// npm runs scripts from the repository root.
const folder = join(process.cwd(), 'dashboards');
const check = process.argv.includes('--check');
let stale = 0;
for (const [file, dashboard] of Object.entries(DASHBOARDS)) {
  const path = join(folder, file);
  const json = dashboardJson(dashboard);
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {}
  if (current === json) {
    console.log(`${file}: up to date`);
  } else if (check) {
    stale++;
    console.error(`${file}: differs from dashboards/src; run npm run dashboards`);
  } else {
    writeFileSync(path, json);
    console.log(`${file}: written`);
  }
}
process.exit(stale > 0 ? 1 : 0);
