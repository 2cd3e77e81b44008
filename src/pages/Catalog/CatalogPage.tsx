import React, { useState } from 'react';
import { useDebounce } from 'react-use';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Button, FilterInput, InlineSwitch, LinkButton, Stack, Tab, TabsBar, Text, useStyles2 } from '@grafana/ui';
import type { CatalogParams, ServicePage, TeamPage } from '../../api/stewardClient';
import { FacetList } from '../../components/FacetList/FacetList';
import { IssueList } from '../../components/IssueList/IssueList';
import { PageState } from '../../components/PageState/PageState';
import { ServiceTable } from '../../components/ServiceTable/ServiceTable';
import { TeamPicker } from '../../components/TeamPicker/TeamPicker';
import { TeamTable } from '../../components/TeamTable/TeamTable';
import { appUrl, ROUTES } from '../../constants';
import { useCatalogStatus, useServicePage, useTeamPage } from '../../hooks/useCatalog';
import { useCanEdit } from '../../hooks/useStewardClient';
import { testIds } from '../../testIds';
import { useCatalogParams, type ListParam } from './useCatalogParams';

const PAGE_SIZE = 50;
/** Catalog problems listed on the page; the API lists every one. */
const ISSUES_SHOWN = 20;

const SERVICE_FACETS: Array<[ListParam, 'owner' | 'tier' | 'lifecycle' | 'system' | 'source', string]> = [
  ['team', 'owner', 'Owning team'],
  ['tier', 'tier', 'Tier'],
  ['lifecycle', 'lifecycle', 'Lifecycle'],
  ['system', 'system', 'System'],
  ['source', 'source', 'Source'],
];
const TEAM_FACETS: Array<[ListParam, 'parent' | 'source', string]> = [
  ['parent', 'parent', 'Parent team'],
  ['source', 'source', 'Source'],
];

/** Search the registry: server-side filters, facet counts and pages, fast at any size. */
function CatalogPage() {
  const styles = useStyles2(getStyles);
  const canEdit = useCanEdit();
  const { params, update } = useCatalogParams();
  const [text, setText] = useState(params.q);
  useDebounce(() => text !== params.q && update({ q: text }), 300, [text]);

  // A stack of cursors for the current filter: the last one is the page shown; Previous pops it.
  // Cursors belong to the filter they were made for, so a new filter starts at page one.
  const filterKey = JSON.stringify(params);
  const [paging, setPaging] = useState<{ key: string; cursors: string[] }>({ key: filterKey, cursors: [] });
  const cursors = paging.key === filterKey ? paging.cursors : [];
  const setCursors = (next: string[]) => setPaging({ key: filterKey, cursors: next });
  const cursor = cursors[cursors.length - 1];

  const query: CatalogParams = {
    ...(params.q ? { q: params.q } : {}),
    ...(params.kind === 'services'
      ? {
          team: params.team,
          includeSubteams: params.includeSubteams,
          tier: params.tier,
          lifecycle: params.lifecycle,
          system: params.system,
        }
      : { parent: params.parent }),
    source: params.source,
    limit: PAGE_SIZE,
    ...(cursor ? { cursor } : {}),
  };
  const services = useServicePage(params.kind === 'services' ? query : { limit: 1 });
  const teams = useTeamPage(params.kind === 'teams' ? query : { limit: 1 });
  const page = params.kind === 'services' ? services : teams;
  // Problems in the catalog files (file, line, field), where people look for their services.
  const catalogStatus = useCatalogStatus(ISSUES_SHOWN);

  return (
    <PluginPage>
      <div data-testid={testIds.catalog.container}>
        <IssueList
          issues={catalogStatus.value?.issues ?? []}
          counts={catalogStatus.value?.counts}
          testId={testIds.catalog.issues}
          limit={ISSUES_SHOWN}
        />
        <TabsBar className={styles.tabs}>
          <Tab
            label="Services"
            active={params.kind === 'services'}
            counter={services.value?.totalItems}
            onChangeTab={() => update({ kind: 'services' })}
            data-testid={testIds.catalog.tabServices}
          />
          <Tab
            label="Teams"
            active={params.kind === 'teams'}
            counter={teams.value?.totalItems}
            onChangeTab={() => update({ kind: 'teams' })}
            data-testid={testIds.catalog.tabTeams}
          />
        </TabsBar>
        <Stack gap={2} alignItems="center" wrap="wrap">
          <div className={styles.search} data-testid={testIds.catalog.search}>
            <FilterInput
              placeholder={`Search ${params.kind} by name, title or description`}
              value={text}
              onChange={setText}
            />
          </div>
          {params.kind === 'services' && (
            <>
              <TeamPicker value={params.team[0]} onChange={(team) => update({ team: team ? [team] : [] })} />
              <div data-testid={testIds.catalog.subteams}>
                <InlineSwitch
                  label="Include sub-teams"
                  showLabel
                  value={params.includeSubteams}
                  onChange={(e) => update({ includeSubteams: e.currentTarget.checked })}
                />
              </div>
            </>
          )}
          {canEdit && (
            <LinkButton
              icon="plus"
              href={appUrl(params.kind === 'services' ? ROUTES.Services : ROUTES.Teams, 'new')}
              data-testid={params.kind === 'services' ? testIds.catalog.newService : testIds.catalog.newTeam}
            >
              {params.kind === 'services' ? 'New service' : 'New team'}
            </LinkButton>
          )}
        </Stack>
        <div className={styles.layout}>
          <aside className={styles.facets}>
            {page.value &&
              (params.kind === 'services' ? SERVICE_FACETS : TEAM_FACETS).map(([param, facet, title]) => (
                <FacetList
                  key={facet}
                  facet={facet}
                  title={title}
                  values={page.value?.facets[facet] ?? []}
                  selected={params[param]}
                  onChange={(selected) => update({ [param]: selected })}
                />
              ))}
          </aside>
          <section className={styles.results}>
            <PageState state={page} what={params.kind}>
              {(value: ServicePage | TeamPage) => (
                <Stack direction="column" gap={1}>
                  <Text color="secondary" data-testid={testIds.catalog.total}>
                    {value.totalItems} {params.kind}
                    {value.totalItems > PAGE_SIZE ? ` — page ${cursors.length + 1}` : ''}
                  </Text>
                  {params.kind === 'services' ? (
                    <ServiceTable services={(value as ServicePage).items} testId={testIds.catalog.table} />
                  ) : (
                    <TeamTable teams={(value as TeamPage).items} testId={testIds.catalog.table} />
                  )}
                  <Stack gap={1}>
                    <Button
                      variant="secondary"
                      icon="angle-left"
                      disabled={cursors.length === 0}
                      onClick={() => setCursors(cursors.slice(0, -1))}
                      data-testid={testIds.catalog.previousPage}
                    >
                      Previous
                    </Button>
                    <Button
                      variant="secondary"
                      icon="angle-right"
                      disabled={!value.nextCursor}
                      onClick={() => value.nextCursor && setCursors([...cursors, value.nextCursor])}
                      data-testid={testIds.catalog.nextPage}
                    >
                      Next
                    </Button>
                  </Stack>
                </Stack>
              )}
            </PageState>
          </section>
        </div>
      </div>
    </PluginPage>
  );
}

export default CatalogPage;

const getStyles = (theme: GrafanaTheme2) => ({
  tabs: css({ marginBottom: theme.spacing(2) }),
  search: css({ width: 420, maxWidth: '100%' }),
  layout: css({ display: 'flex', gap: theme.spacing(3), marginTop: theme.spacing(2), alignItems: 'flex-start' }),
  facets: css({ width: 240, flexShrink: 0 }),
  results: css({ flexGrow: 1, minWidth: 0 }),
});
