import React from 'react';
import { Badge, InteractiveTable, TextLink, type Column } from '@grafana/ui';
import type { OwnershipHealth } from '../../api/stewardClient';
import { appUrl, ROUTES } from '../../constants';

type Finding = OwnershipHealth['findings'][number];
type Row = Finding & { id: string; title: string };

const SEVERITY_COLOUR = { high: 'red', medium: 'orange', low: 'blue' } as const;

export function DriftTable({ health, rule, testId }: { health: OwnershipHealth; rule?: string; testId: string }) {
  const titles = Object.fromEntries(health.rules.map((r) => [r.id, r.title]));
  const rows: Row[] = health.findings
    .filter((f) => !rule || f.rule === rule)
    .map((f) => ({ ...f, id: `${f.rule}/${f.kind}/${f.name}`, title: titles[f.rule] ?? f.rule }));
  const columns: Array<Column<Row>> = [
    {
      id: 'severity',
      header: 'Severity',
      cell: ({ row }) => <Badge color={SEVERITY_COLOUR[row.original.severity]} text={row.original.severity} />,
    },
    { id: 'title', header: 'Problem' },
    {
      id: 'name',
      header: 'Entry',
      cell: ({ row }) => (
        <TextLink
          href={appUrl(row.original.kind === 'Service' ? ROUTES.Services : ROUTES.Teams, row.original.name)}
          inline={false}
        >
          {row.original.name}
        </TextLink>
      ),
    },
    {
      id: 'team',
      header: 'Team',
      cell: ({ row }) => (
        <TextLink href={appUrl(ROUTES.Teams, row.original.team)} inline={false}>
          {row.original.team}
        </TextLink>
      ),
    },
    { id: 'message', header: 'Detail' },
  ];
  return (
    <div data-testid={testId}>
      <InteractiveTable columns={columns} data={rows} getRowId={(r: Row) => r.id} pageSize={25} />
    </div>
  );
}
