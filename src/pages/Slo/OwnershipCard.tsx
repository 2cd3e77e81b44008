import React from 'react';
import { Card, Stack, Text, TextLink } from '@grafana/ui';
import type { ServiceOverview } from '../../api/stewardClient';
import { OnCallNow } from '../../components/OnCallCard/OnCallCard';
import { appUrl, ROUTES } from '../../constants';
import { escalationText } from '../../slo/format';
import { testIds } from '../../testIds';

export function OwnershipCard({
  service,
  overview,
}: {
  service: string;
  /** The service's overview; it may fail on its own (an SLO of a service that is gone). */
  overview: { value?: ServiceOverview; error?: Error };
}) {
  const owner = overview.value?.owner;
  const serviceTitle = overview.value?.service.entity.metadata.title ?? service;
  return (
    <Card data-testid={testIds.slo.ownership}>
      <Card.Heading>Ownership</Card.Heading>
      <Card.Description>
        <Stack direction="column" gap={1}>
          <Text>
            Service{' '}
            <span data-testid={testIds.slo.service}>
              <TextLink href={appUrl(ROUTES.Services, service)} inline>
                {serviceTitle}
              </TextLink>
            </span>
          </Text>
          {overview.error && <Text color="error">{overview.error.message}</Text>}
          {overview.value && !owner && (
            <Text color="error">Owner team “{overview.value.service.entity.spec.owner}” does not exist.</Text>
          )}
          {owner && (
            <>
              <Text>
                Owned by{' '}
                <span data-testid={testIds.slo.owner}>
                  <TextLink href={appUrl(ROUTES.Teams, owner.team.entity.metadata.name)} inline>
                    {owner.team.entity.metadata.title ?? owner.team.entity.metadata.name}
                  </TextLink>
                </span>
              </Text>
              <div data-testid={testIds.slo.onCall}>
                <OnCallNow onCall={owner.onCall} />
              </div>
              <EscalationLine overview={overview.value!} />
            </>
          )}
        </Stack>
      </Card.Description>
    </Card>
  );
}

function EscalationLine({ overview }: { overview: ServiceOverview }) {
  const spec = overview.owner?.team.entity.spec;
  if (!spec?.escalation?.length && !spec?.contacts?.chat) {
    return null;
  }
  return (
    <Stack direction="column" gap={0.5}>
      {spec.contacts?.chat && <Text color="secondary">Chat: {spec.contacts.chat.channel}</Text>}
      {spec.escalation?.length ? <Text color="secondary">Escalation: {escalationText(spec)}</Text> : null}
    </Stack>
  );
}
