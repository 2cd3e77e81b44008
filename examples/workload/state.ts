import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** What survives restarts: when the workload first started, which the whole story hangs on. */
export interface WorkloadState {
  /** Seconds since the epoch, on a whole minute. */
  anchor: number;
}

export function loadState(file: string, now = Date.now() / 1000): { state: WorkloadState; created: boolean } {
  if (existsSync(file)) {
    const state = JSON.parse(readFileSync(file, 'utf8')) as Partial<WorkloadState>;
    if (typeof state.anchor !== 'number' || !Number.isFinite(state.anchor)) {
      throw new Error(`${file} has no valid "anchor"; delete it to start the story afresh`);
    }
    return { state: { anchor: state.anchor }, created: false };
  }
  const state = { anchor: Math.floor(now / 60) * 60 };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  return { state, created: true };
}
