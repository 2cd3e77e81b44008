import { demoCatalogTruth } from '../../harness/catalog-files.js';
import { BROKEN_REGEX_FILE } from '../environment.js';
import { expect, test, TEST_USERS } from '../fixtures.js';
import { testIds } from '../test-ids.js';

const truth = demoCatalogTruth();

test.describe('ownership registry pages with the demo catalog', () => {
  test('the catalog lists every service, filters by facet and search, and matches the server’s counts', async ({
    page,
    openHost,
    serverJson,
    saveScreenshot,
  }) => {
    await openHost('/a/steward-ownership-app/catalog');
    await expect(page.getByTestId(testIds.catalog.total)).toHaveText(`${truth.services.length} services`);
    const rows = page.getByTestId(testIds.catalog.table).locator('tbody tr');
    await expect(rows).toHaveCount(truth.services.length);

    // Facet counts are the server's, and the server's are the catalog's.
    const api = await serverJson('/api/v1/services?limit=1');
    const tier1 = api.facets.tier.find((f: { value: string }) => f.value === 'tier-1').count;
    expect(tier1).toBe(truth.services.filter((s) => s.tier === 'tier-1').length);
    await expect(page.getByTestId(testIds.catalog.facetValue('tier', 'tier-1'))).toContainText(String(tier1));

    // Problems in the catalog files are on the page, with file, line and field: the demo
    // catalog has a service whose owner team does not exist.
    const status = await serverJson('/api/v1/catalog/status');
    const dangling = status.issues.find((i: { field: string }) => i.field === 'spec.owner');
    expect(dangling).toMatchObject({ source: 'services/legacy.yaml', message: 'owner team "bi-team" does not exist' });
    const issues = page.getByTestId(testIds.catalog.issues);
    await expect(issues).toContainText('Catalog errors');
    await expect(issues).toContainText(
      `${dangling.source}:${dangling.line} ${dangling.field} ${dangling.message}`.replace(/\s+/g, ' ')
    );
    // A regex Prometheus would not compile: its file, line and field on the page, its SLO left out.
    await expect(issues).toContainText(
      `${BROKEN_REGEX_FILE.at} has an invalid regular expression in code=~"5(0": missing closing ): \`5(0\``
    );
    expect((await serverJson('/api/v1/slos?q=typo')).totalItems).toBe(0);
    console.log(`screenshot: ${await saveScreenshot('catalog')}`);

    await page.getByTestId(testIds.catalog.facetValue('tier', 'tier-1')).locator('label').click();
    await expect(page.getByTestId(testIds.catalog.total)).toHaveText(`${tier1} services`);
    await expect(rows).toHaveCount(tier1);
    expect(page.url()).toContain('tier=tier-1'); // the filter is in the URL, shareable

    await page.getByTestId(testIds.catalog.search).locator('input').fill('ledger');
    await expect(page.getByTestId(testIds.catalog.total)).toHaveText('2 services'); // ledger and postgres-ledger, both tier-1
    await expect(rows.first()).toContainText('Ledger');
  });

  test('the team page shows on-call now and next, escalation, contacts, members and services through sub-teams', async ({
    page,
    openHost,
    serverJson,
    saveScreenshot,
  }) => {
    const overview = await serverJson('/api/v1/teams/checkout/overview');
    await openHost('/a/steward-ownership-app/teams/checkout');
    await expect(page.getByTestId(testIds.team.onCall)).toContainText(`Now: ${overview.onCall.rotation.current}`);
    await expect(page.getByTestId(testIds.team.onCall)).toContainText(`Next: ${overview.onCall.rotation.next}`);
    await expect(page.getByTestId(testIds.team.escalation).locator('li')).toHaveCount(3);
    await expect(page.getByTestId(testIds.team.contacts)).toContainText('checkout@acme.example');
    await expect(page.getByTestId(testIds.team.members)).toContainText('Members (4)');
    await expect(page.getByTestId(testIds.team.directServices).locator('tbody tr')).toHaveCount(
      truth.services.filter((s) => s.owner === 'checkout').length
    );
    await expect(page.getByTestId(testIds.team.source)).toContainText('teams.yaml');
    console.log(`screenshot: ${await saveScreenshot('team-checkout')}`);

    await openHost('/a/steward-ownership-app/teams/commerce');
    const below = truth.services.filter((s) => truth.subtree('commerce').has(s.owner) && s.owner !== 'commerce');
    await expect(page.getByTestId(testIds.team.subteamServices).locator('tbody tr')).toHaveCount(below.length);
    await expect(page.getByTestId(testIds.team.children)).toContainText('Payments');
    await expect(page.getByTestId(testIds.team.onCall)).toContainText('No on-call rotation or schedule');
  });

  test('the service page shows ownership, runbooks, dependencies both ways and where it is defined', async ({
    page,
    openHost,
    serverJson,
    saveScreenshot,
  }) => {
    const overview = await serverJson('/api/v1/services/payments-api/overview');
    await openHost('/a/steward-ownership-app/services/payments-api');
    await expect(page.getByTestId(testIds.service.ownership)).toContainText('Owned by Payments');
    await expect(page.getByTestId(testIds.service.ownership)).toContainText(
      `Now: ${overview.owner.onCall.rotation.current}`
    );
    await expect(page.getByTestId(testIds.service.runbooks)).toContainText('Payments API runbook');
    await expect(page.getByTestId(testIds.service.runbooks)).toContainText('reviewed');
    for (const dep of overview.dependsOn) {
      await expect(page.getByTestId(testIds.service.dependsOn)).toContainText(dep.title);
    }
    for (const dep of overview.dependents) {
      await expect(page.getByTestId(testIds.service.dependents)).toContainText(dep.title);
    }
    await expect(page.getByTestId(testIds.service.source)).toContainText(
      `services/payments.yaml:${overview.service.origin.line}`
    );
    await expect(page.getByTestId(testIds.service.edit)).toHaveCount(0); // file entries are read-only
    console.log(`screenshot: ${await saveScreenshot('service-payments-api')}`);

    await openHost('/a/steward-ownership-app/services/legacy-reports');
    await expect(page.getByTestId(testIds.service.ownership)).toContainText('Owner team “bi-team” does not exist');
    await expect(page.getByTestId(testIds.service.issues)).toContainText('services/legacy.yaml:9');
  });

  test('ownership health shows drift, scorecards and unowned telemetry, and filters by team', async ({
    page,
    openHost,
    serverJson,
    saveScreenshot,
  }) => {
    const health = await serverJson('/api/v1/ownership/health');
    const unowned = await serverJson('/api/v1/ownership/unowned-telemetry');
    await openHost('/a/steward-ownership-app/health');
    await expect(page.getByTestId(testIds.health.summary)).toContainText(`Services${health.summary.services}`);
    await expect(page.getByTestId(testIds.health.drift)).toContainText('legacy-reports');
    await expect(page.getByTestId(testIds.health.ladder)).toContainText('Has at least one SLO');
    await expect(page.getByTestId(testIds.health.scorecards)).toContainText('payments-api');
    await expect(page.getByTestId(testIds.health.unowned).locator('tbody tr')).toHaveCount(unowned.values.length);
    expect(unowned.values.length).toBeGreaterThan(0);
    console.log(`screenshot: ${await saveScreenshot('ownership-health')}`);

    const platform = await serverJson('/api/v1/ownership/health?team=platform');
    await openHost('/a/steward-ownership-app/health?team=platform');
    await expect(page.getByTestId(testIds.health.summary)).toContainText(`Services${platform.summary.services}`);
    await expect(page.getByTestId(testIds.health.drift)).not.toContainText('legacy-reports');
  });

  test('an Editor in the owning team creates, edits and deletes a service; a Viewer is refused', async ({
    page,
    openHost,
    signInAs,
    serverJson,
  }) => {
    await signInAs(TEST_USERS.viewer);
    await openHost('/a/steward-ownership-app/catalog');
    await expect(page.getByTestId(testIds.catalog.total)).toBeVisible();
    await expect(page.getByTestId(testIds.catalog.newService)).toHaveCount(0);

    await signInAs({ login: 'editor', role: 'Editor' }); // listed in the checkout team
    await openHost('/a/steward-ownership-app/catalog');
    await page.getByTestId(testIds.catalog.newService).click();
    await page.getByTestId(testIds.editor.name).fill('gift-cards');
    await page.getByTestId(testIds.editor.title).fill('Gift Cards');
    await page.getByTestId(testIds.editor.owner).locator('input').fill('checkout');
    await page
      .getByRole('option', { name: /Checkout/ })
      .first()
      .click();
    await page.getByTestId(testIds.editor.submit).click();
    await expect(page.getByTestId(testIds.service.ownership)).toContainText('Owned by Checkout');
    await expect(page.getByTestId(testIds.service.source)).toContainText('created in Steward');

    await page.getByTestId(testIds.service.edit).click();
    await page.getByTestId(testIds.editor.title).fill('Gift Cards and Vouchers');
    await page.getByTestId(testIds.editor.submit).click();
    await expect(page.getByRole('heading', { name: /Gift Cards and Vouchers/ })).toBeVisible(); // the page title
    const audit = await serverJson('/api/v1/audit?name=gift-cards');
    expect(audit.items.map((e: { action: string; actor: string }) => `${e.action} by ${e.actor}`)).toEqual([
      'update by editor',
      'create by editor',
    ]);

    await page.getByTestId(testIds.service.edit).click();
    await page.getByTestId(testIds.editor.delete).getByRole('button', { name: 'Delete service' }).click();
    await page.getByTestId(testIds.editor.delete).getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(page.getByTestId(testIds.catalog.container)).toBeVisible();
    expect((await serverJson('/api/v1/audit?name=gift-cards')).items[0].action).toBe('delete');

    // A team the editor is not in: steward-server refuses, and the form says why.
    await openHost('/a/steward-ownership-app/services/new');
    await page.getByTestId(testIds.editor.name).fill('fx-rates');
    await page.getByTestId(testIds.editor.owner).locator('input').fill('payments');
    await page
      .getByRole('option', { name: /Payments/ })
      .first()
      .click();
    await page.getByTestId(testIds.editor.submit).click();
    await expect(page.getByTestId(testIds.editor.error)).toContainText('editor is not a member of payments');
  });
});
