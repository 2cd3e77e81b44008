import React from 'react';
import { useParams } from 'react-router-dom';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Badge, Card, LinkButton, Stack, Text, TextLink, useStyles2 } from '@grafana/ui';
import type { ServiceOverview } from '../../api/stewardClient';
import { DependencyList } from '../../components/DependencyList/DependencyList';
import { IssueList } from '../../components/IssueList/IssueList';
import { OnCallNow } from '../../components/OnCallCard/OnCallCard';
import { PageState } from '../../components/PageState/PageState';
import { RunbookList } from '../../components/RunbookList/RunbookList';
import { SloSection } from '../../components/Slo/SloSection';
import { EntryActions } from '../../components/EntryActions/EntryActions';
import { appUrl, ROUTES } from '../../constants';
import { useServiceOverview } from '../../hooks/useOverviews';
import { useServiceSlos } from '../../hooks/useSlos';
import { useCanEdit } from '../../hooks/useStewardClient';
import { testIds } from '../../testIds';

/** A service: who owns it and is on call, how to run it, and what it depends on both ways. */
function ServicePage() {
  const { name = '' } = useParams();
  const overview = useServiceOverview(name);
  const title = overview.value?.service.entity.metadata.title ?? name;
  return (
    <PluginPage pageNav={{ text: title }}>
      <div data-testid={testIds.service.container}>
        <PageState state={overview} what={`service ${name}`}>
          {(value) => <ServiceDetails overview={value} />}
        </PageState>
      </div>
    </PluginPage>
  );
}

function ServiceDetails({ overview }: { overview: ServiceOverview }) {
  const styles = useStyles2(getStyles);
  const canEdit = useCanEdit();
  const { service, owner, system, dependsOn, dependents, issues } = overview;
  const slos = useServiceSlos(service.entity.metadata.name);
  const { metadata, spec } = service.entity;
  const ownerSpec = owner?.team.entity.spec;
  return (
    <Stack direction="column" gap={3}>
      <Stack justifyContent="space-between" alignItems="center" wrap="wrap">
        <Stack direction="column" gap={0.5}>
          {metadata.description && <Text>{metadata.description}</Text>}
          <Stack gap={1}>
            {spec.tier && <Badge color={spec.tier === 'tier-1' ? 'red' : 'blue'} text={spec.tier} />}
            {spec.lifecycle && (
              <Badge color={spec.lifecycle === 'production' ? 'green' : 'orange'} text={spec.lifecycle} />
            )}
          </Stack>
        </Stack>
        <EntryActions
          entry={service}
          canEdit={canEdit}
          editHref={appUrl(ROUTES.Services, metadata.name, 'edit')}
          sourceTestId={testIds.service.source}
          editTestId={testIds.service.edit}
        />
      </Stack>

      <IssueList issues={issues} testId={testIds.service.issues} />

      <div className={styles.cards}>
        <Card data-testid={testIds.service.ownership}>
          <Card.Heading>Ownership</Card.Heading>
          <Card.Description>
            <Stack direction="column" gap={1}>
              {owner ? (
                <Text>
                  Owned by{' '}
                  <TextLink href={appUrl(ROUTES.Teams, spec.owner)} inline>
                    {owner.team.entity.metadata.title ?? spec.owner}
                  </TextLink>
                </Text>
              ) : (
                <Text color="error">Owner team “{spec.owner}” does not exist.</Text>
              )}
              {owner && <OnCallNow onCall={owner.onCall} />}
              {ownerSpec?.contacts?.chat && <Text color="secondary">Chat: {ownerSpec.contacts.chat.channel}</Text>}
              {ownerSpec?.contacts?.email && <Text color="secondary">Email: {ownerSpec.contacts.email}</Text>}
              {spec.contributors?.length ? (
                <Text color="secondary">Contributors: {spec.contributors.join(', ')}</Text>
              ) : null}
            </Stack>
          </Card.Description>
        </Card>
        <Card data-testid={testIds.service.runbooks}>
          <Card.Heading>Runbooks</Card.Heading>
          <Card.Description>
            <RunbookList runbooks={spec.runbooks} />
          </Card.Description>
        </Card>
        <Card data-testid={testIds.service.details}>
          <Card.Heading>Details</Card.Heading>
          <Card.Description>
            <dl className={styles.details}>
              <dt>System</dt>
              <dd>{system ? (system.entity.metadata.title ?? system.entity.metadata.name) : (spec.system ?? '—')}</dd>
              <dt>Repository</dt>
              <dd>
                {spec.repo ? (
                  <TextLink href={spec.repo} external>
                    {spec.repo.replace(/^https?:\/\//, '')}
                  </TextLink>
                ) : (
                  '—'
                )}
              </dd>
              <dt>Cost centre</dt>
              <dd>{spec.costCentre ?? '—'}</dd>
              <dt>Telemetry</dt>
              <dd>
                {spec.telemetry?.length ? (
                  spec.telemetry.map((m) => <code key={m}>{m} </code>)
                ) : (
                  <code>{`service="${metadata.name}" (default)`}</code>
                )}
              </dd>
            </dl>
          </Card.Description>
        </Card>
        <Card data-testid={testIds.service.links}>
          <Card.Heading>Links</Card.Heading>
          <Card.Description>
            {spec.links?.length ? (
              <Stack direction="column" gap={0.5}>
                {spec.links.map((link) => (
                  <TextLink key={link.url} href={link.url} external>
                    {link.title ?? link.url}
                  </TextLink>
                ))}
              </Stack>
            ) : (
              <Text color="secondary">No links.</Text>
            )}
          </Card.Description>
        </Card>
      </div>

      <SloSection
        state={slos}
        title="SLOs"
        empty={`${metadata.title ?? metadata.name} has no SLOs yet.`}
        showService={false}
        showOwner={false}
        testId={testIds.service.slos}
        actions={
          canEdit ? (
            <LinkButton
              size="sm"
              variant="secondary"
              icon="plus"
              href={`${appUrl(ROUTES.Slos, 'new')}?service=${encodeURIComponent(metadata.name)}`}
            >
              New SLO
            </LinkButton>
          ) : undefined
        }
      />

      <div className={styles.columns}>
        <section>
          <Text element="h3">Depends on</Text>
          <DependencyList items={dependsOn} empty="Declares no dependencies." testId={testIds.service.dependsOn} />
        </section>
        <section>
          <Text element="h3">Depended on by</Text>
          <DependencyList
            items={dependents}
            empty="No registered service depends on it."
            testId={testIds.service.dependents}
          />
        </section>
      </div>
    </Stack>
  );
}

export default ServicePage;

const getStyles = (theme: GrafanaTheme2) => ({
  cards: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))', gap: theme.spacing(2) }),
  columns: css({ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: theme.spacing(3) }),
  details: css({
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    gap: theme.spacing(0.5, 2),
    margin: 0,
    dt: { color: theme.colors.text.secondary },
    dd: { margin: 0 },
  }),
});
