// `npm test`: every check, in the order CI runs them; stops at the first failure. After a
// failure it repeats the failure's headlines at the end, where a CI log's tail shows them.
import { spawn } from 'node:child_process';

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

/** Lines that say what failed, in jest, vitest, playwright, tsc and eslint output. */
const HEADLINE =
  /(\bError\b|error TS\d+|Expected|Received|expected .* to |^\s*[✘×]\s|FAIL\b|failed\b|answered nothing|\d+:\d+\s+error\s)/;
const MAX_HEADLINES = 40;

function run(command) {
  return new Promise((resolve) => {
    const child = spawn(command, {
      shell: true,
      stdio: ['inherit', 'pipe', 'pipe'],
      // Piped output is not a terminal: keep colours when the caller's is.
      env: process.stdout.isTTY ? { ...process.env, FORCE_COLOR: '1' } : process.env,
    });
    let tail = '';
    const keep = (chunk, out) => {
      out.write(chunk);
      tail = (tail + chunk.toString()).slice(-2_000_000);
    };
    child.stdout.on('data', (chunk) => keep(chunk, process.stdout));
    child.stderr.on('data', (chunk) => keep(chunk, process.stderr));
    child.on('close', (status) => resolve({ status: status ?? 1, output: tail }));
  });
}

const results = [];
let headlines = [];
for (const [name, command] of steps) {
  if (!command) {
    console.log(`\n=== ${name}: skipped (GRAFANA_URL is not set; no Grafana server runs here) ===`);
    results.push([name, 'skipped']);
    continue;
  }
  console.log(`\n=== ${name}: ${command} ===`);
  const started = Date.now();
  const { status, output } = await run(command);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  results.push([name, status === 0 ? `passed in ${seconds}s` : `FAILED (exit ${status}) after ${seconds}s`]);
  if (status !== 0) {
    const lines = output.replace(/\u001b\[[0-9;]*m/g, '').split('\n');
    headlines = [...new Set(lines.filter((l) => HEADLINE.test(l)).map((l) => l.trim().slice(0, 400)))];
    break;
  }
}
if (headlines.length > 0) {
  console.log(
    `\n=== what failed (first ${Math.min(headlines.length, MAX_HEADLINES)} headlines; full output above) ===`
  );
  for (const line of headlines.slice(0, MAX_HEADLINES)) {
    console.log(line);
  }
}
console.log('\n=== summary ===');
for (const [name, outcome] of results) {
  console.log(`${outcome.padEnd(22)} ${name}`);
}
process.exit(results.some(([, outcome]) => outcome.startsWith('FAILED')) ? 1 : 0);
