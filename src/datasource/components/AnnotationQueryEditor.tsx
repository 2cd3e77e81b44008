import React from 'react';
import type { AnnotationQuery, QueryEditorProps } from '@grafana/data';
import { Checkbox, InlineField, Stack, Text } from '@grafana/ui';
import { testIds } from '../../testIds';
import type { StewardDataSource } from '../datasource';
import { ANNOTATION_KINDS, QueryType, type AnnotationKind, type StewardQuery } from '../types';
import { FilterFields, LABEL_WIDTH } from './FilterFields';

const KIND_TEXT: Record<AnnotationKind, string> = {
  deploy: 'Deploys',
  alert: 'SLO alerts (while firing)',
  budget: 'Budget exhausted / recovered',
};

export function AnnotationKindsField({
  kinds,
  onChange,
}: {
  kinds?: AnnotationKind[];
  onChange: (kinds: AnnotationKind[]) => void;
}) {
  const chosen = kinds?.length ? kinds : ANNOTATION_KINDS;
  return (
    <InlineField label="Events" labelWidth={LABEL_WIDTH} tooltip="Which events become annotations">
      <Stack gap={2} alignItems="center" data-testid={testIds.datasource.kinds}>
        {ANNOTATION_KINDS.map((kind) => (
          <Checkbox
            key={kind}
            label={KIND_TEXT[kind]}
            value={chosen.includes(kind)}
            onChange={(e) => {
              const next = e.currentTarget.checked ? [...chosen, kind] : chosen.filter((k) => k !== kind);
              // At least one kind: nothing chosen would mean every kind to the server.
              if (next.length > 0) {
                onChange(ANNOTATION_KINDS.filter((k) => next.includes(k)));
              }
            }}
          />
        ))}
      </Stack>
    </InlineField>
  );
}

type Props = QueryEditorProps<StewardDataSource, StewardQuery> & {
  annotation?: AnnotationQuery<StewardQuery>;
  onAnnotationChange?: (annotation: AnnotationQuery<StewardQuery>) => void;
};

/**
 * The annotation editor: which events (deploys, SLO alert spans, budget exhausted/recovered) and
 * for which teams, services and SLOs. Grafana turns the returned frame into annotation events.
 */
export function AnnotationQueryEditor({ query, onChange, onRunQuery, datasource }: Props) {
  const current: StewardQuery = { ...query, queryType: QueryType.Annotations };
  const change = (patch: Partial<StewardQuery>) => {
    onChange({ ...current, ...patch });
    onRunQuery();
  };
  return (
    <Stack direction="column" gap={1} data-testid={testIds.datasource.annotationEditor}>
      <Text color="secondary" variant="bodySmall">
        Deploys are recorded by CI through steward-server (POST /api/v1/events); alerts are drawn as spans while they
        fired; budget events mark when an SLO’s budget ran out and when it came back.
      </Text>
      <AnnotationKindsField kinds={current.kinds} onChange={(kinds) => change({ kinds })} />
      <FilterFields
        datasource={datasource}
        filters={current}
        show={{ team: true, service: true, tier: true, slo: true }}
        onChange={(filters) => change({ ...filters })}
      />
    </Stack>
  );
}
