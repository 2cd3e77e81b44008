import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Panel, RowPanel, VariableModel } from '@grafana/schema';
import { OWNER_JOIN } from './common';
import { PANEL_ID } from '../../src/constants';
import { DATASOURCES, isPrometheusTarget, SCHEMA_VERSION, type Target } from './grafana';
import { DASHBOARDS, dashboardJson } from './index';

const ROOT = join(__dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

const panelsOf = (file: string) =>
  (DASHBOARDS[file]!.panels ?? []).filter((p): p is Panel => p.type !== 'row') as Array<Panel & { targets?: Target[] }>;
const variablesOf = (file: string) => (DASHBOARDS[file]!.templating?.list ?? []) as VariableModel[];

describe('dashboards', () => {
  it.each(Object.keys(DASHBOARDS))('%s is what dashboards/src generates (run npm run dashboards)', (file) => {
    expect(read(`dashboards/${file}`)).toBe(dashboardJson(DASHBOARDS[file]!));
  });

  it('are the ones the app includes, by path and uid', () => {
    const includes = JSON.parse(read('src/plugin.json')).includes.filter(
      (i: { type: string }) => i.type === 'dashboard'
    );
    expect(includes.map((i: { path: string; uid: string }) => [i.path, i.uid]).sort()).toEqual(
      Object.entries(DASHBOARDS)
        .map(([file, d]) => [`dashboards/${file}`, d.uid])
        .sort()
    );
  });

  it('name the nested plugins by the ids their plugin.json files give', () => {
    expect(PANEL_ID).toBe(JSON.parse(read('src/panels/slo/plugin.json')).id);
    expect(DATASOURCES.steward.type).toBe(JSON.parse(read('src/datasource/plugin.json')).id);
  });

  // tests/integration/compose.test.ts checks these uids against provisioning/datasources.
  it('refer to datasources by the provisioned uids only', () => {
    for (const file of Object.keys(DASHBOARDS)) {
      for (const panel of panelsOf(file)) {
        for (const target of panel.targets ?? []) {
          expect(Object.values(DATASOURCES)).toContainEqual(target.datasource);
        }
      }
    }
  });

  it.each(Object.keys(DASHBOARDS))('%s: schema version, unique panel ids, a panel grid 24 columns wide', (file) => {
    const dashboard = DASHBOARDS[file]!;
    expect(dashboard.schemaVersion).toBe(SCHEMA_VERSION);
    const ids = (dashboard.panels ?? []).map((p: Panel | RowPanel) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels ?? []) {
      expect(panel.gridPos!.x + panel.gridPos!.w).toBeLessThanOrEqual(24);
    }
  });

  it.each(Object.keys(DASHBOARDS))(
    '%s: a Steward team variable (several, with All) and the hidden owners variable',
    (file) => {
      const byName = Object.fromEntries(variablesOf(file).map((v) => [v.name, v]));
      expect(byName.team).toMatchObject({
        type: 'query',
        multi: true,
        includeAll: true,
        datasource: DATASOURCES.steward,
      });
      expect(byName.team!.query).toMatchObject({ kind: 'teams' });
      expect(byName.owners).toMatchObject({ hide: 2, includeAll: true, query: { kind: 'teams', team: ['$team'] } });
      expect(byName.owners!.allValue).toBeUndefined();
      expect(byName.service!.query).toMatchObject({ kind: 'services', team: ['$team'] });
    }
  );

  /** Every panel with targets is filtered by the owning team: Steward by its filters, Prometheus by the join. */
  it.each(Object.keys(DASHBOARDS))('%s: every target follows $team (or $service, a service of $team)', (file) => {
    const serviceScoped = variablesOf(file).find((v) => v.name === 'service')!.multi === false;
    for (const panel of panelsOf(file)) {
      for (const target of panel.targets ?? []) {
        if (isPrometheusTarget(target)) {
          expect({ panel: panel.title, joined: target.expr.includes(OWNER_JOIN) }).toEqual({
            panel: panel.title,
            joined: true,
          });
          expect(target.expr).toMatch(/service=~?"\$service"/);
        } else {
          const filters = [...(target.team ?? []), ...(target.service ?? [])];
          expect({ panel: panel.title, filters }).toEqual({
            panel: panel.title,
            filters: serviceScoped ? expect.arrayContaining(['$service']) : expect.arrayContaining(['$team']),
          });
        }
      }
    }
    for (const annotation of DASHBOARDS[file]!.annotations?.list ?? []) {
      if (annotation.datasource?.uid === DATASOURCES.steward.uid) {
        const target = annotation.target as unknown as { team?: string[]; service?: string[] };
        expect([...(target.team ?? []), ...(target.service ?? [])]).toContain(serviceScoped ? '$service' : '$team');
      }
    }
  });

  it.each(Object.keys(DASHBOARDS))(
    '%s: refers only to variables it defines, and uses the SLO panel by its id',
    (file) => {
      const defined = new Set(variablesOf(file).map((v) => v.name));
      const json = dashboardJson(DASHBOARDS[file]!);
      const used = new Set(
        [...json.matchAll(/\$\{?(\w+)/g)]
          .map((m) => m[1]!)
          .filter((name) => !name.startsWith('__') && !/^\d/.test(name))
      );
      expect([...used].filter((name) => !defined.has(name))).toEqual([]);
      const types = new Set(panelsOf(file).map((p) => p.type));
      expect([...types].every((t) => ['table', 'timeseries', 'text', 'nodeGraph', PANEL_ID].includes(t))).toBe(true);
    }
  );
});
