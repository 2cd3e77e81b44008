import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import type { TempDir } from './temp-dir.js';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** Everything the process wrote so far (stdout and stderr interleaved), for error messages. */
  output(): string;
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`. Resolves with the exit code (null when killed). */
  stop(graceMs?: number): Promise<number | null>;
  kill(): Promise<void>;
}

/** Starts a long-running program and keeps its output for diagnosis. */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: SpawnOptions = {}
): ManagedProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) {
      output = output.slice(-100_000);
    }
    if (process.env.STEWARD_HARNESS_VERBOSE) {
      process.stderr.write(`[${name}] ${chunk.toString()}`);
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => resolve(code));
    child.on('error', (error) => {
      output += `\n${error.message}`;
      resolve(-1);
    });
  });
  const stop = async (graceMs = 5000) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      return child.exitCode;
    }
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  return { name, child, output: () => output, exited, stop, kill };
}

/** Polls `probe` until it returns true; fails with the process's output if it exits or time runs out. */
export async function waitUntil(
  proc: ManagedProcess,
  probe: () => Promise<boolean>,
  what: string,
  timeoutMs = 30_000
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void proc.exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`${proc.name} exited (code ${exitCode}) before ${what}:\n${proc.output().slice(-4000)}`);
    }
    if (await probe().catch(() => false)) {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await proc.kill();
  throw new Error(`${proc.name} was not ${what} within ${timeoutMs} ms:\n${proc.output().slice(-4000)}`);
}

export async function httpOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  return response.ok;
}

/** reload (POST /-/reload) and stop for the Prometheus-family servers started here. */
export function lifecycle(url: string, proc: ManagedProcess, work: TempDir) {
  return {
    reload: async () => {
      const response = await fetch(`${url}/-/reload`, { method: 'POST' });
      if (!response.ok) {
        throw new Error(`${proc.name} reload failed: ${response.status} ${await response.text()}`);
      }
    },
    stop: async () => {
      await proc.stop();
      work.remove();
    },
  };
}
