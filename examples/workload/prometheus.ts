/** The few Prometheus HTTP API calls the workload needs to place its history. */

export interface Sample {
  metric: Record<string, string>;
  /** [seconds, value] */
  values: Array<[number, number]>;
}

async function query(baseUrl: string, expr: string, time: number): Promise<any> {
  const url = `${baseUrl}/api/v1/query?query=${encodeURIComponent(expr)}&time=${time.toFixed(3)}`;
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  const body = (await response.json().catch(() => undefined)) as any;
  if (!response.ok || body?.status !== 'success') {
    throw new Error(`Prometheus query ${expr} failed: HTTP ${response.status} ${body?.error ?? ''}`);
  }
  return body.data;
}

/** Raw samples of a range selector such as `workload_info[5m]`, evaluated at `time`. */
export async function rawSamples(baseUrl: string, selector: string, time: number): Promise<Sample[]> {
  const data = await query(baseUrl, selector, time);
  return (data.result as Array<{ metric: Record<string, string>; values: Array<[number, string]> }>).map((r) => ({
    metric: r.metric,
    values: r.values.map(([t, v]) => [t, Number(v)] as [number, number]),
  }));
}

/** A scalar from an instant query (the first series), or undefined when the result is empty. */
export async function scalar(baseUrl: string, expr: string, time: number): Promise<number | undefined> {
  const data = await query(baseUrl, expr, time);
  const first = data.result[0];
  return first ? Number(first.value[1]) : undefined;
}

export async function ready(baseUrl: string): Promise<boolean> {
  try {
    return (await fetch(`${baseUrl}/-/ready`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}
