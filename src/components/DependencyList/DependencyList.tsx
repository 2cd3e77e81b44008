import React from 'react';
import { Badge, Stack, Text, TextLink } from '@grafana/ui';
import { appUrl, ROUTES } from '../../constants';

interface Dependency {
  name: string;
  title?: string;
  owner?: string;
  exists?: boolean;
}

/** Services one way or the other of a dependency, each with its owning team. */
export function DependencyList({ items, empty, testId }: { items: Dependency[]; empty: string; testId: string }) {
  return (
    <div data-testid={testId}>
      {items.length === 0 ? (
        <Text color="secondary">{empty}</Text>
      ) : (
        <Stack direction="column" gap={0.5}>
          {items.map((d) => (
            <Stack key={d.name} gap={1} alignItems="center">
              {d.exists === false ? (
                <>
                  <Text>{d.name}</Text>
                  <Badge color="red" text="not in the catalog" />
                </>
              ) : (
                <TextLink href={appUrl(ROUTES.Services, d.name)} inline={false}>
                  {d.title ?? d.name}
                </TextLink>
              )}
              {d.owner && (
                <Text variant="bodySmall" color="secondary">
                  owned by{' '}
                  <TextLink href={appUrl(ROUTES.Teams, d.owner)} inline>
                    {d.owner}
                  </TextLink>
                </Text>
              )}
            </Stack>
          ))}
        </Stack>
      )}
    </div>
  );
}
