import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ratioSlo, service, team, writeDocs } from '../harness/catalog-docs.js';
import { startPrometheus, type RunningPrometheus } from '../harness/prometheus.js';
import { teamsInRules } from '../harness/rule-files.js';
import { startSteward, type ApiInit, type RunningSteward } from '../harness/steward.js';
import { tempDir, type TempDir } from '../harness/temp-dir.js';

/**
 * Rights used to be checked on the stored entry only: an Editor of team A could give a service
 * to team B, move an SLO (with a custom page) onto B's service, and post B's deploys. Now every
 * change needs rights on where the entry is and where it goes, and a refusal names the right.
 */
let prometheus: RunningPrometheus;
let steward: RunningSteward;
let work: TempDir;
const CI_TOKEN = 'ci-token-of-team-a-0123456789';

const ann: ApiInit = { user: 'ann', routeRole: 'Editor' }; // team a
const admin: ApiInit = { user: 'root', routeRole: 'Admin' };

beforeAll(async () => {
  work = tempDir('rights');
  writeDocs(join(work.path, 'catalog'), 'catalog.yaml', [
    team('a', ['ann']),
    team('b', ['bob']),
    service('a-api', 'a'),
    service('b-api', 'b'),
  ]);
  const config = join(work.path, 'steward.yaml');
  const sha256 = createHash('sha256').update(CI_TOKEN).digest('hex');
  writeFileSync(config, stringify({ auth: { ciTokens: [{ name: 'a-pipeline', sha256, teams: ['a'] }] } }));
  prometheus = await startPrometheus();
  steward = await startSteward({
    prometheusUrl: prometheus.url,
    env: { STEWARD_CONFIG: config, STEWARD_CATALOG_DIR: join(work.path, 'catalog'), STEWARD_BACKFILL: 'false' },
  });
  expect((await call('/api/v1/services', { method: 'POST', json: service('a-web', 'a'), ...ann })).status).toBe(201);
  const slo = await call('/api/v1/slos', { method: 'POST', json: ratioSlo('a-web-up', 'a-web'), ...ann });
  expect(slo.status).toBe(201);
});

afterAll(async () => {
  await steward?.stop();
  await prometheus?.stop();
  work?.remove();
});

async function call(path: string, init: ApiInit = {}) {
  const response = await steward.api(path, init);
  return { status: response.status, etag: response.headers.get('etag') ?? '', body: await response.json() };
}

/** PUT with the entry's current ETag. */
async function replace(path: string, body: object, as: ApiInit) {
  const current = await call(path);
  return call(path, { method: 'PUT', json: body, headers: { 'if-match': current.etag }, ...as });
}

const CUSTOM_PAGE = { conditions: [{ name: 'fast', severity: 'critical', burnRate: 10, window: '1h' }] };

describe('an Editor of team a', () => {
  it('cannot give a service to team b; an Admin can', async () => {
    const moved = await replace('/api/v1/services/a-web', service('a-web', 'b'), ann);
    expect(moved.status).toBe(403);
    expect(moved.body.error.message).toBe(
      'moving service "a-web" to team b needs rights on team b: ann is not a member of b'
    );
    expect((await call('/api/v1/services/a-web')).body.entity.spec.owner).toBe('a');
    expect((await replace('/api/v1/services/a-web', service('a-web', 'b'), admin)).status).toBe(200);
    expect((await replace('/api/v1/services/a-web', service('a-web', 'a'), admin)).status).toBe(200);
  });

  it('cannot move an SLO with a custom page onto team b’s service; an Admin can', async () => {
    const moved = await replace('/api/v1/slos/a-web-up', ratioSlo('a-web-up', 'b-api', { alerting: CUSTOM_PAGE }), ann);
    expect(moved.status).toBe(403);
    expect(moved.body.error.message).toBe(
      'moving SLO "a-web-up" to service b-api (team b) needs rights on team b: ann is not a member of b'
    );
    expect((await call('/api/v1/slos/a-web-up')).body.entity.spec.service).toBe('a-web');
    const byAdmin = await replace(
      '/api/v1/slos/a-web-up',
      ratioSlo('a-web-up', 'b-api', { alerting: CUSTOM_PAGE }),
      admin
    );
    expect(byAdmin.status).toBe(200);
    expect((await replace('/api/v1/slos/a-web-up', ratioSlo('a-web-up', 'a-web'), admin)).status).toBe(200);
  });

  it('cannot create an SLO on team b’s service, which would page team b; an Admin can, and its alerts go to b', async () => {
    const created = await call('/api/v1/slos', { method: 'POST', json: ratioSlo('b-api-up', 'b-api'), ...ann });
    expect(created.status).toBe(403);
    expect(created.body.error.message).toBe(
      'creating SLO "b-api-up" on service b-api (team b) needs rights on team b: ann is not a member of b'
    );
    const byAdmin = await call('/api/v1/slos', {
      method: 'POST',
      json: ratioSlo('b-api-up', 'b-api', { alerting: CUSTOM_PAGE }),
      ...admin,
    });
    expect(byAdmin.status).toBe(201);
    const detail = await call('/api/v1/slos/b-api-up/status');
    expect(teamsInRules(detail.body.rules)).toEqual(['b']);
  });

  it('cannot route its own SLO’s alerts to team b with a label; nobody can (alerts follow ownership)', async () => {
    for (const as of [ann, admin]) {
      const relabelled = await replace(
        '/api/v1/slos/a-web-up',
        ratioSlo('a-web-up', 'a-web', { alerting: { ...CUSTOM_PAGE, labels: { team: 'b' } } }),
        as
      );
      expect(relabelled.status).toBe(400);
      expect(relabelled.body.error.details).toEqual([
        {
          field: 'spec.alerting.labels.team',
          message:
            '"team" is set by Steward on every alert (alerts go to the team that owns the service); use another label',
        },
      ]);
    }
  });

  it('cannot create a team under team b, nor move a team there; an Admin can', async () => {
    const created = await call('/api/v1/teams', {
      method: 'POST',
      json: team('b-sub', ['ann'], { parent: 'b' }),
      ...ann,
    });
    expect(created.status).toBe(403);
    expect(created.body.error.message).toContain('creating team "b-sub" under team b needs rights on team b');
    expect(
      (await call('/api/v1/teams', { method: 'POST', json: team('a-sub', ['ann'], { parent: 'a' }), ...ann })).status
    ).toBe(201);
    const moved = await replace('/api/v1/teams/a-sub', team('a-sub', ['ann'], { parent: 'b' }), ann);
    expect(moved.status).toBe(403);
    expect(moved.body.error.message).toBe(
      'moving team "a-sub" under team b needs rights on team b: ann is not a member of b'
    );
    expect((await replace('/api/v1/teams/a-sub', team('a-sub', ['ann'], { parent: 'b' }), admin)).status).toBe(200);
  });

  it('cannot post team b’s deploy events; its own, a CI token of team a for a’s services, and an Admin can', async () => {
    const deploy = (name: string) => ({ service: name, kind: 'deploy', title: `${name} 1.2.3` });
    const foreign = await call('/api/v1/events', { method: 'POST', json: deploy('b-api'), ...ann });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.message).toBe(
      'recording a deploy of service "b-api" needs rights on team b: ann is not a member of b'
    );
    expect((await call('/api/v1/events', { method: 'POST', json: deploy('a-api'), ...ann })).status).toBe(201);
    expect((await call('/api/v1/events', { method: 'POST', json: deploy('b-api'), ...admin })).status).toBe(201);

    const ci = (name: string, token = CI_TOKEN) =>
      call('/api/v1/events', {
        method: 'POST',
        json: deploy(name),
        routeRole: 'Editor',
        headers: { 'x-steward-ci-token': token },
      });
    const own = await ci('a-api');
    expect(own.status).toBe(201);
    expect(own.body.recordedBy).toBe('ci:a-pipeline');
    expect((await ci('b-api')).body.error.message).toBe(
      'recording a deploy of service "b-api" needs rights on team b: ci:a-pipeline is not a member of b'
    );
    const forged = await ci('a-api', 'guessed');
    expect(forged.status).toBe(401);
    expect(forged.body.error.message).toBe('the CI token (X-Steward-CI-Token) is not one steward-server knows');
  });
});
