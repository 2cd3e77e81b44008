import React from 'react';
import { InteractiveTable, Stack, Text, TextLink, type Column } from '@grafana/ui';
import type { ApiTeam } from '../../api/stewardClient';
import { appUrl, ROUTES } from '../../constants';

type Row = { id: string; team: ApiTeam };

export function TeamTable({ teams, testId }: { teams: ApiTeam[]; testId?: string }) {
  const columns: Array<Column<Row>> = [
    {
      id: 'name',
      header: 'Team',
      cell: ({ row }) => {
        const { metadata } = row.original.team.entity;
        return (
          <Stack direction="column" gap={0}>
            <TextLink href={appUrl(ROUTES.Teams, metadata.name)} inline={false}>
              {metadata.title ?? metadata.name}
            </TextLink>
            <Text variant="bodySmall" color="secondary">
              {metadata.name}
            </Text>
          </Stack>
        );
      },
    },
    {
      id: 'parent',
      header: 'Parent',
      cell: ({ row }) => {
        const parent = row.original.team.entity.spec.parent;
        return parent ? (
          <TextLink href={appUrl(ROUTES.Teams, parent)} inline={false}>
            {parent}
          </TextLink>
        ) : (
          '—'
        );
      },
    },
    { id: 'members', header: 'Members', cell: ({ row }) => String(row.original.team.entity.spec.members?.length ?? 0) },
    {
      id: 'oncall',
      header: 'On-call',
      cell: ({ row }) => {
        const onCall = row.original.team.entity.spec.onCall;
        return onCall?.rotation
          ? 'rotation'
          : onCall?.pagerduty
            ? 'PagerDuty'
            : onCall?.grafanaIrm
              ? 'Grafana IRM'
              : '—';
      },
    },
  ];
  return (
    <div data-testid={testId}>
      <InteractiveTable
        columns={columns}
        data={teams.map((team) => ({ id: team.entity.metadata.name, team }))}
        getRowId={(r: Row) => r.id}
      />
    </div>
  );
}
