// `npm test`: every check, in the order CI runs them; stops at the first failure.
import { spawnSync } from 'node:child_process';

const steps = [
  ['typecheck', 'npm run typecheck'],
  ['lint', 'npm run lint'],
  ['frontend unit tests (jest)', 'npm run test:unit'],
  ['build plugin (dist/) and server (server/dist/)', 'npm run build && npm run build:server'],
  [
    'server unit and integration tests (vitest: real Prometheus, Alertmanager, PostgreSQL, SQLite)',
    'npm run test:server',
  ],
  ['browser tests (dist/ in Chromium, live steward-server and Prometheus)', 'npm run test:browser'],
  ['plugin-e2e against a real Grafana', process.env.GRAFANA_URL ? 'npm run e2e' : undefined],
];

const results = [];
for (const [name, command] of steps) {
  if (!command) {
    console.log(`\n=== ${name}: skipped (GRAFANA_URL is not set; no Grafana server runs here) ===`);
    results.push([name, 'skipped']);
    continue;
  }
  console.log(`\n=== ${name}: ${command} ===`);
  const started = Date.now();
  const { status } = spawnSync(command, { stdio: 'inherit', shell: true });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  results.push([name, status === 0 ? `passed in ${seconds}s` : `FAILED (exit ${status}) after ${seconds}s`]);
  if (status !== 0) {
    break;
  }
}
console.log('\n=== summary ===');
for (const [name, outcome] of results) {
  console.log(`${outcome.padEnd(22)} ${name}`);
}
process.exit(results.some(([, outcome]) => outcome.startsWith('FAILED')) ? 1 : 0);
