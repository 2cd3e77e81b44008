import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';

/** Native catalog documents for tests that build a small catalog of their own. */
export const team = (name: string, members: string[] = [], spec: object = {}) => ({
  apiVersion: 'steward.dev/v1',
  kind: 'Team',
  metadata: { name },
  spec: { members: members.map((login) => ({ login })), ...spec },
});

export const service = (name: string, owner: string, spec: object = {}) => ({
  apiVersion: 'steward.dev/v1',
  kind: 'Service',
  metadata: { name },
  spec: { owner, ...spec },
});

/** A ratio SLO on `http_requests_total{service=…}`, with `bad` as given (5xx by default). */
export const ratioSlo = (name: string, serviceName: string, spec: object = {}, bad?: string) => ({
  apiVersion: 'steward.dev/v1',
  kind: 'SLO',
  metadata: { name },
  spec: {
    service: serviceName,
    sli: {
      ratio: {
        bad: bad ?? `http_requests_total{service="${serviceName}",code=~"5.."}`,
        total: `http_requests_total{service="${serviceName}"}`,
      },
    },
    objectives: [{ target: 99.9, window: '30d' }],
    ...spec,
  },
});

/** Writes documents as one multi-document YAML file (folders created), and returns its text. */
export function writeDocs(root: string, path: string, docs: object[]): string {
  const text = docs.map((d) => stringify(d)).join('---\n');
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  return text;
}

/** The 1-based line of the first line of `text` containing `needle` (after line `from`). */
export function lineOf(text: string, needle: string, from = 0): number {
  const index = text.split('\n').findIndex((line, i) => i >= from && line.includes(needle));
  if (index < 0) {
    throw new Error(`"${needle}" is not in the text`);
  }
  return index + 1;
}
