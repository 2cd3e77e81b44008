import React from 'react';
import { Badge, InteractiveTable, Stack, Text, TextLink, type Column } from '@grafana/ui';
import type { OwnershipHealth } from '../../api/stewardClient';
import { appUrl, ROUTES } from '../../constants';

type Card = OwnershipHealth['scorecard']['services'][number];
type Row = Card & { id: string };

const LEVEL_COLOUR = { none: 'red', beginner: 'orange', intermediate: 'blue', advanced: 'green' } as const;

/** Each service's level and what it still misses to climb the ladder. */
export function ScorecardTable({ health, testId }: { health: OwnershipHealth; testId: string }) {
  const titles = Object.fromEntries(health.scorecard.rules.map((r) => [r.id, r.title]));
  const columns: Array<Column<Row>> = [
    {
      id: 'service',
      header: 'Service',
      cell: ({ row }) => (
        <TextLink href={appUrl(ROUTES.Services, row.original.service)} inline={false}>
          {row.original.service}
        </TextLink>
      ),
    },
    { id: 'owner', header: 'Owner' },
    {
      id: 'level',
      header: 'Level',
      cell: ({ row }) => <Badge color={LEVEL_COLOUR[row.original.level]} text={row.original.level} />,
    },
    {
      id: 'missing',
      header: 'Missing',
      cell: ({ row }) => (
        <Stack direction="column" gap={0}>
          {row.original.checks
            .filter((c) => !c.passed)
            .map((c) => (
              <Text key={c.rule} variant="bodySmall">
                {titles[c.rule]}
                {c.detail ? ` (${c.detail})` : ''}
              </Text>
            ))}
        </Stack>
      ),
    },
  ];
  return (
    <div data-testid={testId}>
      <InteractiveTable
        columns={columns}
        data={health.scorecard.services.map((s) => ({ ...s, id: s.service }))}
        getRowId={(r: Row) => r.id}
        pageSize={25}
      />
    </div>
  );
}

/** The maturity ladder's rules, level by level, as the server applies them. */
export function LadderRules({ health, testId }: { health: OwnershipHealth; testId: string }) {
  return (
    <Stack direction="column" gap={1} data-testid={testId}>
      {health.scorecard.levels.map((level) => (
        <div key={level}>
          <Badge color={LEVEL_COLOUR[level]} text={`${level} (${health.scorecard.distribution[level] ?? 0})`} />
          <ul>
            {health.scorecard.rules
              .filter((r) => r.level === level)
              .map((r) => (
                <li key={r.id}>{r.title}</li>
              ))}
          </ul>
        </div>
      ))}
      <Text color="secondary">
        A service reaches a level when it meets the rules of that level and of every level below it.{' '}
        {health.scorecard.distribution.none ?? 0} service(s) do not yet meet the beginner rules.
      </Text>
    </Stack>
  );
}
