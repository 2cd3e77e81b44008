import React from 'react';
import { useParams } from 'react-router-dom';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Card, Stack, Text, TextLink, useStyles2 } from '@grafana/ui';
import type { TeamOverview } from '../../api/stewardClient';
import { OnCallNow } from '../../components/OnCallCard/OnCallCard';
import { PageState } from '../../components/PageState/PageState';
import { ServiceTable } from '../../components/ServiceTable/ServiceTable';
import { SloSection } from '../../components/Slo/SloSection';
import { EntryActions } from '../../components/EntryActions/EntryActions';
import { appUrl, ROUTES } from '../../constants';
import { useTeamOverview } from '../../hooks/useOverviews';
import { useTeamSlos } from '../../hooks/useSlos';
import { useCanEdit } from '../../hooks/useStewardClient';
import { testIds } from '../../testIds';

/** A team: who is on call and how to reach them, where it sits, and what it owns. */
function TeamPage() {
  const { name = '' } = useParams();
  const overview = useTeamOverview(name);
  const title = overview.value?.team.entity.metadata.title ?? name;
  return (
    <PluginPage pageNav={{ text: title }}>
      <div data-testid={testIds.team.container}>
        <PageState state={overview} what={`team ${name}`}>
          {(value) => <TeamDetails overview={value} />}
        </PageState>
      </div>
    </PluginPage>
  );
}

function TeamDetails({ overview }: { overview: TeamOverview }) {
  const styles = useStyles2(getStyles);
  const canEdit = useCanEdit();
  const { team, ancestors, children, onCall, services } = overview;
  const { metadata, spec } = team.entity;
  const slos = useTeamSlos(metadata.name);
  return (
    <Stack direction="column" gap={3}>
      <Stack justifyContent="space-between" alignItems="center" wrap="wrap">
        <Stack direction="column" gap={0.5}>
          <Text color="secondary">
            {ancestors.map((a) => (
              <span key={a.name}>
                <TextLink href={appUrl(ROUTES.Teams, a.name)} inline>
                  {a.title}
                </TextLink>{' '}
                ›{' '}
              </span>
            ))}
            {metadata.title ?? metadata.name}
          </Text>
          {metadata.description && <Text>{metadata.description}</Text>}
        </Stack>
        <EntryActions
          entry={team}
          canEdit={canEdit}
          editHref={appUrl(ROUTES.Teams, metadata.name, 'edit')}
          sourceTestId={testIds.team.source}
        />
      </Stack>

      <div className={styles.cards}>
        <Card data-testid={testIds.team.onCall}>
          <Card.Heading>On call</Card.Heading>
          <Card.Description>
            <OnCallNow onCall={onCall} />
          </Card.Description>
        </Card>
        <Card data-testid={testIds.team.escalation}>
          <Card.Heading>Escalation</Card.Heading>
          <Card.Description>
            {spec.escalation?.length ? (
              <ol className={styles.list}>
                {spec.escalation.map((level, i) => (
                  <li key={i}>
                    after {level.after}:{' '}
                    {level.notify.map((target) => (target === 'oncall' ? 'whoever is on call' : target)).join(', ')}
                  </li>
                ))}
              </ol>
            ) : (
              <Text color="secondary">No escalation levels.</Text>
            )}
          </Card.Description>
        </Card>
        <Card data-testid={testIds.team.contacts}>
          <Card.Heading>Contacts</Card.Heading>
          <Card.Description>
            <Stack direction="column" gap={0.5}>
              {spec.contacts?.email && (
                <TextLink href={`mailto:${spec.contacts.email}`}>{spec.contacts.email}</TextLink>
              )}
              {spec.contacts?.chat &&
                (spec.contacts.chat.url ? (
                  <TextLink href={spec.contacts.chat.url} external>
                    {spec.contacts.chat.channel}
                  </TextLink>
                ) : (
                  <Text>{spec.contacts.chat.channel}</Text>
                ))}
              {!spec.contacts?.email && !spec.contacts?.chat && <Text color="secondary">No contacts.</Text>}
            </Stack>
          </Card.Description>
        </Card>
        <Card data-testid={testIds.team.members}>
          <Card.Heading>Members ({spec.members?.length ?? 0})</Card.Heading>
          <Card.Description>
            {spec.members?.length ? (
              <ul className={styles.list}>
                {spec.members.map((m) => (
                  <li key={m.login}>
                    {m.name ?? m.login}
                    {m.role ? ` — ${m.role}` : ''}
                  </li>
                ))}
              </ul>
            ) : (
              <Text color="warning">No members.</Text>
            )}
          </Card.Description>
        </Card>
      </div>

      {children.length > 0 && (
        <section data-testid={testIds.team.children}>
          <Text element="h3">Sub-teams</Text>
          <Stack gap={2} wrap="wrap">
            {children.map((c) => (
              <TextLink key={c.name} href={appUrl(ROUTES.Teams, c.name)} inline={false}>
                {c.title}
              </TextLink>
            ))}
          </Stack>
        </section>
      )}

      <SloSection
        state={slos}
        title={children.length ? 'SLOs, with sub-teams' : 'SLOs'}
        empty={
          children.length
            ? 'No SLOs on the services of this team or the teams below it yet.'
            : 'No SLOs on this team’s services yet.'
        }
        showOwner={children.length > 0}
        testId={testIds.team.slos}
      />

      <section>
        <Text element="h3">Services owned ({services.direct.length})</Text>
        {services.direct.length > 0 ? (
          <ServiceTable services={services.direct} showOwner={false} testId={testIds.team.directServices} />
        ) : (
          <Text color="secondary">This team owns no services directly.</Text>
        )}
      </section>
      {services.throughSubteams.length > 0 && (
        <section>
          <Text element="h3">Owned through sub-teams ({services.throughSubteams.length})</Text>
          <ServiceTable services={services.throughSubteams} testId={testIds.team.subteamServices} />
        </section>
      )}
    </Stack>
  );
}

export default TeamPage;

const getStyles = (theme: GrafanaTheme2) => ({
  cards: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', gap: theme.spacing(2) }),
  list: css({ margin: 0, paddingLeft: theme.spacing(2.5) }),
});
