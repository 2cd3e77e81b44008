import { parse } from 'yaml';

/** The `team` labels a rule file puts on its rules, read as Prometheus reads the file (YAML). */
export function teamsInRules(text: string): string[] {
  const file = parse(text) as { groups: Array<{ rules: Array<{ labels?: Record<string, string> }> }> };
  return [...new Set(file.groups.flatMap((g) => g.rules.map((r) => r.labels?.team ?? '')))].sort();
}
