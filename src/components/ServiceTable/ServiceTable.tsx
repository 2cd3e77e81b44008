import React from 'react';
import { Badge, InteractiveTable, Stack, Text, TextLink, type Column } from '@grafana/ui';
import type { ApiService } from '../../api/stewardClient';
import { appUrl, ROUTES } from '../../constants';

interface Props {
  services: ApiService[];
  /** Hide the owner column where every row has the same owner. */
  showOwner?: boolean;
  testId?: string;
}

type Row = { id: string; service: ApiService };

const TIER_COLOURS: Record<string, 'red' | 'orange' | 'blue' | 'darkgrey'> = {
  'tier-1': 'red',
  'tier-2': 'orange',
  'tier-3': 'blue',
  'tier-4': 'darkgrey',
};

export function ServiceTable({ services, showOwner = true, testId }: Props) {
  const columns: Array<Column<Row>> = [
    {
      id: 'name',
      header: 'Service',
      cell: ({ row }) => {
        const { metadata } = row.original.service.entity;
        return (
          <Stack direction="column" gap={0}>
            <TextLink href={appUrl(ROUTES.Services, metadata.name)} inline={false}>
              {metadata.title ?? metadata.name}
            </TextLink>
            {metadata.title && (
              <Text variant="bodySmall" color="secondary">
                {metadata.name}
              </Text>
            )}
          </Stack>
        );
      },
    },
    ...(showOwner
      ? [
          {
            id: 'owner',
            header: 'Owner',
            cell: ({ row }: { row: { original: Row } }) => (
              <TextLink href={appUrl(ROUTES.Teams, row.original.service.entity.spec.owner)} inline={false}>
                {row.original.service.entity.spec.owner}
              </TextLink>
            ),
          },
        ]
      : []),
    {
      id: 'tier',
      header: 'Tier',
      cell: ({ row }) => {
        const tier = row.original.service.entity.spec.tier;
        return tier ? <Badge color={TIER_COLOURS[tier] ?? 'darkgrey'} text={tier} /> : <Text color="secondary">—</Text>;
      },
    },
    { id: 'lifecycle', header: 'Lifecycle', cell: ({ row }) => row.original.service.entity.spec.lifecycle ?? '—' },
    { id: 'system', header: 'System', cell: ({ row }) => row.original.service.entity.spec.system ?? '—' },
    {
      id: 'source',
      header: 'Source',
      cell: ({ row }) => {
        const { origin } = row.original.service;
        return origin.source === 'file' ? (
          <Text variant="bodySmall">{origin.path ?? 'file'}</Text>
        ) : (
          <Badge color="purple" text="Steward" />
        );
      },
    },
  ];
  return (
    <div data-testid={testId}>
      <InteractiveTable
        columns={columns}
        data={services.map((service) => ({ id: service.entity.metadata.name, service }))}
        getRowId={(row: Row) => row.id}
      />
    </div>
  );
}
