import { spawn } from 'node:child_process';
import { eventually } from './eventually.js';
import { freePort } from './ports.js';
import { REPO_ROOT } from './steward.js';

export interface StackPorts {
  prometheus: number;
  alertmanager: number;
  steward: number;
  workload: number;
}

export async function freeStackPorts(): Promise<StackPorts> {
  return {
    prometheus: await freePort(),
    alertmanager: await freePort(),
    steward: await freePort(),
    workload: await freePort(),
  };
}

export interface RunningStack {
  /** Everything the stack printed so far. */
  output: () => string;
  /** Ctrl-C, as a user stops it; resolves with the exit code. */
  interrupt: () => Promise<number | null>;
  exited: () => boolean;
}

/**
 * Runs `npm run stack` as a user would (scripts/stack.ts), on the given ports with its state in
 * `dir`, and resolves once it says it is up. `env` adds variables (the workload's history days,
 * the shared secret, log levels); `onOutput` sees what it prints.
 */
export async function runStack(options: {
  dir: string;
  ports: StackPorts;
  env?: Record<string, string>;
  timeoutMs?: number;
  onOutput?: (chunk: Buffer) => void;
}): Promise<RunningStack> {
  const { ports } = options;
  const child = spawn('npm', ['run', '--silent', 'stack'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      STACK_DIR: options.dir,
      STACK_PROMETHEUS_PORT: String(ports.prometheus),
      STACK_ALERTMANAGER_PORT: String(ports.alertmanager),
      STACK_STEWARD_PORT: String(ports.steward),
      STACK_WORKLOAD_PORT: String(ports.workload),
      ...options.env,
    },
    detached: true,
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      options.onOutput?.(chunk);
    });
  }
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const stack: RunningStack = {
    output: () => output,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    interrupt: async () => {
      if (!stack.exited()) {
        process.kill(-child.pid!, 'SIGINT');
      }
      return exit;
    },
  };
  try {
    await eventually(
      'the stack to start',
      async () => {
        if (stack.exited()) {
          return false;
        }
        return output.includes('Steward stack is up') ? true : undefined;
      },
      { timeoutMs: options.timeoutMs ?? 90_000 }
    ).then((up) => {
      if (!up) {
        throw new Error(`npm run stack exited (${child.exitCode ?? child.signalCode})`);
      }
    });
  } catch (error) {
    await Promise.race([stack.interrupt(), new Promise((r) => setTimeout(r, 20_000))]);
    throw new Error(`${(error as Error).message}; it printed:\n${output.slice(-4000)}`);
  }
  return stack;
}
