import { availableParallelism, loadavg } from 'node:os';

/**
 * A ratio of two timings taken on a busy machine says more about the other work than about
 * either side (the slower side waits longer for the CPU), so benches print none then. The bench
 * keeps about two CPUs busy itself; above the machine's CPUs plus those two, the one-minute load
 * average means something else competes. BENCH_MAX_LOAD sets another limit.
 */
export const MAX_LOAD = Number(process.env.BENCH_MAX_LOAD ?? availableParallelism() + 2);

/** Why no ratio can be given now, or undefined when the machine is quiet enough. */
export function tooBusy(): string | undefined {
  const load = loadavg()[0]!;
  return load > MAX_LOAD ? `no ratio: load ${load.toFixed(1)} > ${MAX_LOAD}` : undefined;
}

/** `a / base` as "1.5×": for counts (requests, rules, samples), which load does not change. */
export function countRatio(a: number, base: number, digits?: number): string {
  const value = a / base;
  return `${value.toFixed(digits ?? (value >= 10 ? 0 : 1))}×`;
}

/** `a / base` of two timings as "1.5×", or the reason it is refused. */
export function timeRatio(a: number, base: number, digits?: number): string {
  const refused = tooBusy();
  return refused ? `(${refused})` : countRatio(a, base, digits);
}
