import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { globSync } from 'glob';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../harness/steward.js';

/**
 * docker compose cannot run on the machines this is tested on, so the file is checked instead:
 * against the compose schema (Debian's docker-compose), and for everything it points at.
 */
const composeFile = join(REPO_ROOT, 'docker-compose.yaml');

/** Volumes in either long or short (`/abs/source:/target:ro`) syntax. */
function volumesOf(service: any): Array<{ bind: boolean; source: string; target: string }> {
  return (service.volumes ?? []).map((v: any) => {
    if (typeof v === 'object') {
      return { bind: v.type === 'bind', source: v.source, target: v.target };
    }
    const [source, target] = String(v).split(':');
    return {
      bind: source!.startsWith('/') || source!.startsWith('.'),
      source: resolve(REPO_ROOT, source!),
      target: target!,
    };
  });
}

function resolvedConfig(env: Record<string, string> = {}): any {
  const out = execFileSync('docker-compose', ['-f', composeFile, 'config'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
  });
  return parse(out);
}

describe('docker-compose.yaml', () => {
  it('is valid against the compose schema', () => {
    expect(() =>
      execFileSync('docker-compose', ['-f', composeFile, 'config', '-q'], { cwd: REPO_ROOT, stdio: 'pipe' })
    ).not.toThrow();
  });

  it('runs Grafana 13 by default, and the version GRAFANA_VERSION names', () => {
    expect(resolvedConfig().services.grafana.image).toMatch(/^grafana\/grafana:13\./);
    expect(resolvedConfig({ GRAFANA_VERSION: '12.3.0' }).services.grafana.image).toBe('grafana/grafana:12.3.0');
  });

  it('mounts only files and folders that exist in the repository (dist/ after npm run build)', () => {
    const config = resolvedConfig();
    const binds = Object.values<any>(config.services).flatMap((service) =>
      volumesOf(service)
        .filter((v) => v.bind)
        .map((v) => v.source)
    );
    expect(binds.length).toBeGreaterThanOrEqual(4);
    for (const source of binds) {
      expect({ source, exists: existsSync(source) }).toEqual({ source, exists: true });
    }
    expect(binds).toContain(join(REPO_ROOT, 'dist'));
    expect(volumesOf(config.services.grafana).find((v) => v.source === join(REPO_ROOT, 'dist'))?.target).toBe(
      '/var/lib/grafana/plugins/steward-ownership-app'
    );
  });

  it('allows every plugin id of the app, nested ones included, to load unsigned', () => {
    const ids = globSync('src/**/plugin.json', { cwd: REPO_ROOT }).map(
      (f) => JSON.parse(readFileSync(join(REPO_ROOT, f), 'utf8')).id
    );
    expect(ids.sort()).toEqual(['steward-errorbudget-datasource', 'steward-ownership-app', 'steward-slo-panel']);
    const allowed = String(
      resolvedConfig().services.grafana.environment.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS
    ).split(',');
    expect(allowed.sort()).toEqual(ids.sort());
  });

  it('builds steward-server from a Dockerfile on Node 22 whose COPY sources exist', () => {
    const build = resolvedConfig().services.steward.build;
    const dockerfile = resolve(build.context, build.dockerfile);
    expect(existsSync(dockerfile)).toBe(true);
    const text = readFileSync(dockerfile, 'utf8');
    expect(text.match(/^FROM node:22\b/gm)?.length).toBeGreaterThanOrEqual(1);
    const copies = [...text.matchAll(/^COPY (?!--from)(.+)$/gm)].flatMap((m) => m[1]!.trim().split(/\s+/).slice(0, -1));
    expect(copies.length).toBeGreaterThan(3);
    for (const source of copies) {
      expect({ source, exists: existsSync(join(build.context, source)) }).toEqual({ source, exists: true });
    }
  });

  it('builds the demo workload on Node 22 from its own Dockerfile, and Prometheus scrapes it', () => {
    const config = resolvedConfig();
    const build = config.services.workload.build;
    const text = readFileSync(resolve(build.context, build.dockerfile), 'utf8');
    expect(text.match(/^FROM node:22\b/gm)?.length).toBeGreaterThanOrEqual(1);
    const copies = [...text.matchAll(/^COPY (?!--from)(.+)$/gm)].flatMap((m) => m[1]!.trim().split(/\s+/).slice(0, -1));
    expect(copies.length).toBeGreaterThanOrEqual(2);
    for (const source of copies) {
      expect({ source, exists: existsSync(join(build.context, source)) }).toEqual({ source, exists: true });
    }
    // steward-server starts once the workload's history is in Prometheus.
    expect(config.services.steward.depends_on.workload.condition).toBe('service_healthy');
    const prometheus = parse(readFileSync(join(REPO_ROOT, 'deploy/prometheus/prometheus.yml'), 'utf8'));
    const job = prometheus.scrape_configs.find((c: any) => c.job_name === 'workload');
    expect(job.static_configs[0].targets).toEqual(['workload:9101']);
  });

  it('gives Grafana every variable its provisioning files use, and provisions only known plugin types', () => {
    const grafana = resolvedConfig().services.grafana;
    const files = globSync('provisioning/**/*.yaml', { cwd: REPO_ROOT });
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      const text = readFileSync(join(REPO_ROOT, file), 'utf8');
      for (const [, name] of text.matchAll(/\$\{(\w+)\}/g)) {
        expect({ file, name, set: name! in grafana.environment }).toEqual({ file, name, set: true });
      }
    }
    const datasources = parse(
      readFileSync(join(REPO_ROOT, 'provisioning/datasources/steward.yaml'), 'utf8')
    ).datasources;
    expect(datasources.map((d: any) => d.type).sort()).toEqual(['prometheus', 'steward-errorbudget-datasource']);
    const apps = parse(readFileSync(join(REPO_ROOT, 'provisioning/plugins/steward.yaml'), 'utf8')).apps;
    expect(apps.map((a: any) => a.type)).toEqual(['steward-ownership-app']);
  });

  it('provisions the dashboards: the provider reads the folder compose mounts dashboards/ at, holding every dashboard the app includes', () => {
    const grafana = resolvedConfig().services.grafana;
    const mount = volumesOf(grafana).find((v) => v.source === join(REPO_ROOT, 'dashboards'));
    expect(mount).toBeDefined();
    const providers = parse(readFileSync(join(REPO_ROOT, 'provisioning/dashboards/steward.yaml'), 'utf8')).providers;
    expect(providers).toHaveLength(1);
    expect(providers[0]).toMatchObject({ type: 'file', orgId: 1, options: { path: mount!.target } });
    const included = JSON.parse(readFileSync(join(REPO_ROOT, 'src/plugin.json'), 'utf8'))
      .includes.filter((i: any) => i.type === 'dashboard')
      .map((i: any) => i.path);
    expect(included.sort()).toEqual(['dashboards/debug.json', 'dashboards/executive.json', 'dashboards/oncall.json']);
    // Grafana's file provider loads every *.json below its path: only dashboards may live there.
    expect(globSync('dashboards/**/*.json', { cwd: REPO_ROOT }).sort()).toEqual(included.sort());
    // Panels and annotations name the provisioned datasources by uid and type.
    const datasources = parse(readFileSync(join(REPO_ROOT, 'provisioning/datasources/steward.yaml'), 'utf8')).datasources;
    const provisioned = new Set(datasources.map((d: any) => `${d.type}/${d.uid}`));
    for (const file of included) {
      const text = readFileSync(join(REPO_ROOT, file), 'utf8');
      const refs = [...text.matchAll(/"datasource": \{\s*"type": "([^"]+)",\s*"uid": "([^"]+)"/g)].map((m) => `${m[1]}/${m[2]}`);
      expect(refs.length).toBeGreaterThan(5);
      for (const ref of refs.filter((r) => !r.startsWith('grafana/') && !r.startsWith('datasource/'))) {
        expect({ file, ref, provisioned: provisioned.has(ref) }).toEqual({ file, ref, provisioned: true });
      }
    }
  });

  it('shares one secret between Grafana and steward-server', () => {
    const { grafana, steward } = resolvedConfig({ STEWARD_GRAFANA_SECRET: 'a-secret-for-this-test' }).services;
    expect(grafana.environment.STEWARD_GRAFANA_SECRET).toBe('a-secret-for-this-test');
    expect(steward.environment.STEWARD_GRAFANA_SECRET).toBe('a-secret-for-this-test');
  });

  it('ships Prometheus and Alertmanager configurations their own tools accept', () => {
    execFileSync(
      'promtool',
      ['check', 'config', '--syntax-only', join(REPO_ROOT, 'deploy/prometheus/prometheus.yml')],
      { stdio: 'pipe' }
    );
    execFileSync('amtool', ['check-config', join(REPO_ROOT, 'deploy/alertmanager/alertmanager.yml')], {
      stdio: 'pipe',
    });
  });
});
