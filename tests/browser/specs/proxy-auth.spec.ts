import { expect, test, TEST_USERS } from '../fixtures.js';

/** Writes go through the app's Editor route; the built plugin.json decides who may write. */
test.describe('writes through the app proxy', () => {
  const event = { service: 'checkout', kind: 'deploy', title: 'browser test deploy', version: '2.0.0' };

  test('a Viewer cannot record an event, nor an Editor outside the service’s team; an Admin can, and the server records who', async ({
    page,
    env,
    serverJson,
    openHost,
    signInAs,
  }) => {
    await openHost('/a/steward-ownership-app/home');
    const post = (route = 'steward') =>
      page.evaluate(
        async ({ body, route }) => {
          const response = await fetch(`api/plugin-proxy/steward-ownership-app/${route}/api/v1/events`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          return { status: response.status, body: await response.json() };
        },
        { body: event, route }
      );

    await signInAs(TEST_USERS.viewer);
    const denied = await post();
    expect(denied.status).toBe(403);

    await signInAs(TEST_USERS.editor);
    const outsider = await post();
    expect(outsider.status).toBe(403);
    expect(outsider.body.error.message).toContain(`recording a deploy of service "checkout"`);

    await signInAs(TEST_USERS.admin);
    const created = await post('steward-admin');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...event, recordedBy: TEST_USERS.admin.login });

    const stored = await serverJson(`/api/v1/events?service=checkout`);
    expect(stored.items.map((e: { id: string }) => e.id)).toContain(created.body.id);
  });

  test('steward-server refuses a call that skips Grafana (no shared secret)', async ({ env }) => {
    const response = await fetch(`${env.stewardUrl}/api/v1/status`);
    expect(response.status).toBe(401);
  });
});
