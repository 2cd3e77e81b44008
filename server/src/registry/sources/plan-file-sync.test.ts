import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../validation/issue.js';
import type { Origin } from '../store/stored-entity.js';
import { parseCatalogFile } from './parse-catalog-file.js';
import { planFileSync, type StoredSummary } from './plan-file-sync.js';

const file = (path: string, text: string) => parseCatalogFile(path, new TextEncoder().encode(text));
const serviceYaml = (name: string, owner: string) =>
  `apiVersion: steward.dev/v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  owner: ${owner}\n`;
const stored = (name: string, owner: string, origin: Origin): StoredSummary => ({
  kind: 'Service',
  name,
  origin,
  body: JSON.stringify(file('x.yaml', serviceYaml(name, owner)).entities[0]!.entity),
  updatedBy: `file:${origin.path}`,
});
const inFile = (path: string): Origin => ({ source: 'file', path, line: 4 });

describe('planFileSync', () => {
  it('orphans the entries of a file that is gone or empty, and deletes one its file no longer declares', () => {
    const plan = planFileSync(
      [file('empty.yaml', ''), file('kept.yaml', serviceYaml('other', 'a'))],
      [
        stored('in-gone', 'a', inFile('gone.yaml')),
        stored('in-empty', 'a', inFile('empty.yaml')),
        stored('dropped', 'a', inFile('kept.yaml')),
        stored('other', 'a', inFile('kept.yaml')),
      ]
    );
    expect(plan.changes).toEqual([
      {
        op: 'orphan',
        kind: 'Service',
        name: 'in-gone',
        path: 'gone.yaml',
        line: 4,
        reason: 'its catalog file gone.yaml is gone',
      },
      {
        op: 'orphan',
        kind: 'Service',
        name: 'in-empty',
        path: 'empty.yaml',
        line: 4,
        reason: 'its catalog file empty.yaml is empty',
      },
      { op: 'delete', kind: 'Service', name: 'dropped' },
    ]);
  });

  it('leaves an orphan as it is until a file declares it again with the same ownership', () => {
    const orphan = stored('cart', 'a', { ...inFile('gone.yaml'), orphaned: { since: 't', reason: 'r' } });
    expect(planFileSync([], [orphan]).changes).toEqual([]);
    const taker = planFileSync([file('new.yaml', serviceYaml('cart', 'mallory'))], [orphan]);
    expect(taker.changes).toEqual([]);
    expect(taker.issues.map(formatIssue)).toEqual([
      'new.yaml:4:1: metadata.name: Service "cart" was defined in gone.yaml, which is gone or empty; it is kept as an orphan as it was. This file would change who owns it (owner a → owner mallory): an Admin adopts or deletes the orphan first, or declare it here with the same ownership',
    ]);
    const back = planFileSync([file('new.yaml', serviceYaml('cart', 'a'))], [orphan]);
    expect(back.changes).toEqual([
      { op: 'update', entity: expect.objectContaining({ spec: { owner: 'a' } }), origin: inFile('new.yaml') },
    ]);
  });

  it('keeps an entry with its file while that file cannot be used, and reports a newcomer', () => {
    const broken = file('a.yaml', serviceYaml('cart', 'a').replace('owner: a', 'owner: [a]'));
    const plan = planFileSync(
      [broken, file('0.yaml', serviceYaml('cart', 'mallory'))],
      [stored('cart', 'a', inFile('a.yaml'))]
    );
    expect(plan.changes).toEqual([]);
    expect(plan.issues.map(formatIssue)).toContain(
      '0.yaml:4:1: metadata.name: Service "cart" is defined in a.yaml, which keeps it (with its last good state until that file is fixed); this one is ignored'
    );
  });
});
