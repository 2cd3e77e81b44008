import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, Card, Stack, Text, useStyles2 } from '@grafana/ui';
import type { ApiSlo } from '../../api/stewardClient';
import { formatPercent, humanDuration, windowLabel, windowSeconds } from '../../slo/format';
import { describeSli } from '../../slo/sli';
import { testIds } from '../../testIds';

export function ObjectivesCard({ slo }: { slo: ApiSlo }) {
  const { spec } = slo.entity;
  const policy = spec.budgetPolicy;
  return (
    <Card data-testid={testIds.slo.objectives}>
      <Card.Heading>Objectives</Card.Heading>
      <Card.Description>
        <Stack direction="column" gap={1}>
          {spec.objectives.map((o, index) => (
            <Stack key={index} gap={1} alignItems="center" wrap="wrap">
              <Text weight="medium">{o.target}%</Text>
              <Text color="secondary">
                of events good over{' '}
                {o.window === 'month'
                  ? `the calendar month (${o.timeZone ?? 'UTC'})`
                  : `a rolling ${windowLabel(o.window ?? '30d')}`}
              </Text>
              {o.displayName && <Badge color="blue" text={o.displayName} />}
              {index === 0 && spec.objectives.length > 1 && <Badge color="darkgrey" text="alerts and gates" />}
            </Stack>
          ))}
          <Text color="secondary" variant="bodySmall">
            Error budget: {formatPercent(1 - spec.objectives[0]!.target / 100, 2)} of events may fail — as much as{' '}
            {humanDuration(
              ((100 - spec.objectives[0]!.target) / 100) * windowSeconds(spec.objectives[0]!.window ?? '30d')
            )}{' '}
            of full outage per {windowLabel(spec.objectives[0]!.window ?? '30d')}.
          </Text>
          {policy && (
            <Text color="secondary" variant="bodySmall">
              Release gate: deploys freeze at {policy.freezeBelow ?? 0}% budget left or less
              {policy.exempt?.length ? `, except ${policy.exempt.join(', ')}` : ', except fix and revert'}
              {policy.whenUnknown === 'deny' ? '; refused while the budget is unknown' : ''}.
            </Text>
          )}
        </Stack>
      </Card.Description>
    </Card>
  );
}

export function SliCard({ slo }: { slo: ApiSlo }) {
  const styles = useStyles2(getStyles);
  const sli = useMemo(() => describeSli(slo.entity.spec), [slo]);
  return (
    <Card data-testid={testIds.slo.sli}>
      <Card.Heading>Indicator</Card.Heading>
      <Card.Description>
        <Stack direction="column" gap={1.5}>
          <Text>{sli.summary}</Text>
          <div className={styles.queries}>
            {sli.definition.map((q) => (
              <React.Fragment key={q.label}>
                <Text color="secondary">{q.label}</Text>
                <code className={styles.code}>{q.promql}</code>
              </React.Fragment>
            ))}
            {sli.expression && (
              <>
                <Text color="secondary">SLI over a window</Text>
                <code className={styles.code}>{sli.expression}</code>
              </>
            )}
          </div>
        </Stack>
      </Card.Description>
    </Card>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  queries: css({
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: theme.spacing(1, 2),
    alignItems: 'baseline',
  }),
  code: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    background: theme.colors.background.canvas,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(0.5, 1),
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
  }),
});
