import { startPrometheus } from './prometheus.js';

/**
 * Starts a new Prometheus on a rules folder, as after a restart, and returns the rule groups it
 * loaded by file. Prometheus refuses to start on a rule file it cannot load, so this fails then
 * with its output (which names the file and the fault).
 */
export async function groupsLoadedByFreshPrometheus(rulesDir: string): Promise<Map<string, string[]>> {
  const prometheus = await startPrometheus({ rulesDir });
  try {
    const response = await fetch(`${prometheus.url}/api/v1/rules`);
    const body = (await response.json()) as { data: { groups: Array<{ name: string; file: string }> } };
    const byFile = new Map<string, string[]>();
    for (const group of body.data.groups) {
      const file = group.file.split('/').pop()!;
      byFile.set(file, [...(byFile.get(file) ?? []), group.name].sort());
    }
    return byFile;
  } finally {
    await prometheus.stop();
  }
}
