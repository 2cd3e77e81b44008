import React, { useState } from 'react';
import { useParams } from 'react-router-dom';
import { useAsync } from 'react-use';
import { PluginPage } from '@grafana/runtime';
import { Button, Combobox, Field, FieldSet, Input, Stack, TagsInput } from '@grafana/ui';
import { LIFECYCLES, TIERS } from '@steward/contract/model/vocabulary';
import type { ServiceEntity } from '../../api/stewardClient';
import { TeamPicker } from '../../components/TeamPicker/TeamPicker';
import { appUrl, ROUTES } from '../../constants';
import { useStewardClient } from '../../hooks/useStewardClient';
import { testIds } from '../../testIds';
import { EditorActions, EditorGate, MetadataFields, SaveError } from './EditorParts';
import { useEditorActions } from './useEditor';

type Runbook = NonNullable<ServiceEntity['spec']['runbooks']>[number];

const blank = (): ServiceEntity => ({
  apiVersion: 'steward.dev/v1',
  kind: 'Service',
  metadata: { name: '' },
  spec: { owner: '' },
});

/** Create a service, or edit one that was created in Steward (catalog-file entries are changed in their file). */
function ServiceEditorPage() {
  const { name } = useParams();
  const client = useStewardClient();
  const existing = useAsync(async () => (name ? client.service(name) : undefined), [client, name]);
  return (
    <EditorGate state={existing} noun="service">
      {(current) => <ServiceForm initial={current?.item.entity ?? blank()} etag={current?.etag} isNew={!name} />}
    </EditorGate>
  );
}

function ServiceForm({ initial, etag, isNew }: { initial: ServiceEntity; etag?: string; isNew: boolean }) {
  const client = useStewardClient();
  const { error, busy, run, fieldError } = useEditorActions();
  const [draft, setDraft] = useState<ServiceEntity>(initial);
  const setMeta = (changes: Partial<ServiceEntity['metadata']>) =>
    setDraft({ ...draft, metadata: { ...draft.metadata, ...changes } });
  const setSpec = (changes: Partial<ServiceEntity['spec']>) =>
    setDraft({ ...draft, spec: withoutEmpty({ ...draft.spec, ...changes }) });
  const runbooks = draft.spec.runbooks ?? [];
  const setRunbook = (index: number, changes: Partial<Runbook>) =>
    setSpec({ runbooks: runbooks.map((r, i) => (i === index ? (withoutEmpty({ ...r, ...changes }) as Runbook) : r)) });
  const save = () =>
    run(
      () => (isNew ? client.createService(draft) : client.updateService(draft, etag ?? '')),
      appUrl(ROUTES.Services, draft.metadata.name)
    );

  return (
    <PluginPage pageNav={{ text: isNew ? 'New service' : `Edit ${initial.metadata.name}` }}>
      <form
        data-testid={testIds.editor.form}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <FieldSet>
          <SaveError error={error} />
          <MetadataFields metadata={draft.metadata} isNew={isNew} onChange={setMeta} fieldError={fieldError} />
          <Field
            label="Owning team"
            description="Exactly one team is accountable"
            invalid={!!fieldError('spec.owner')}
            error={fieldError('spec.owner')}
          >
            <TeamPicker
              value={draft.spec.owner || undefined}
              onChange={(owner) => setSpec({ owner: owner ?? '' })}
              placeholder="Pick a team"
              testId={testIds.editor.owner}
            />
          </Field>
          <Stack gap={2}>
            <Field label="Tier" invalid={!!fieldError('spec.tier')} error={fieldError('spec.tier')}>
              <div data-testid={testIds.editor.tier}>
                <Combobox<string>
                  width={20}
                  isClearable
                  options={TIERS.map((t) => ({ value: t }))}
                  value={draft.spec.tier ?? null}
                  onChange={(o) => setSpec({ tier: (o?.value as ServiceEntity['spec']['tier']) ?? undefined })}
                />
              </div>
            </Field>
            <Field label="Lifecycle">
              <Combobox<string>
                width={20}
                isClearable
                options={LIFECYCLES.map((l) => ({ value: l }))}
                value={draft.spec.lifecycle ?? null}
                onChange={(o) => setSpec({ lifecycle: (o?.value as ServiceEntity['spec']['lifecycle']) ?? undefined })}
              />
            </Field>
            <Field label="System" invalid={!!fieldError('spec.system')} error={fieldError('spec.system')}>
              <Input
                width={24}
                value={draft.spec.system ?? ''}
                onChange={(e) => setSpec({ system: e.currentTarget.value || undefined })}
              />
            </Field>
          </Stack>
          <Field
            label="Depends on"
            description="Names of the services it calls"
            invalid={!!fieldError('spec.dependsOn')}
            error={fieldError('spec.dependsOn')}
          >
            <TagsInput
              tags={draft.spec.dependsOn ?? []}
              onChange={(dependsOn) => setSpec({ dependsOn })}
              autoColors={false}
            />
          </Field>
          <Field label="Runbooks" invalid={!!fieldError('spec.runbooks')} error={fieldError('spec.runbooks')}>
            <Stack direction="column" gap={1}>
              {runbooks.map((runbook, index) => (
                <Stack key={index} gap={1}>
                  <Input
                    placeholder="https://…"
                    value={runbook.url}
                    onChange={(e) => setRunbook(index, { url: e.currentTarget.value })}
                  />
                  <Input
                    placeholder="Title"
                    value={runbook.title ?? ''}
                    onChange={(e) => setRunbook(index, { title: e.currentTarget.value || undefined })}
                  />
                  <Input
                    type="date"
                    width={20}
                    aria-label="Last reviewed"
                    value={runbook.lastReviewed ?? ''}
                    onChange={(e) => setRunbook(index, { lastReviewed: e.currentTarget.value || undefined })}
                  />
                  <Button
                    variant="secondary"
                    icon="trash-alt"
                    aria-label="Remove runbook"
                    onClick={() => setSpec({ runbooks: runbooks.filter((_, i) => i !== index) })}
                  />
                </Stack>
              ))}
              <div>
                <Button
                  variant="secondary"
                  size="sm"
                  icon="plus"
                  onClick={() => setSpec({ runbooks: [...runbooks, { url: '' }] })}
                >
                  Add runbook
                </Button>
              </div>
            </Stack>
          </Field>
          <Field label="Repository" invalid={!!fieldError('spec.repo')} error={fieldError('spec.repo')}>
            <Input
              value={draft.spec.repo ?? ''}
              onChange={(e) => setSpec({ repo: e.currentTarget.value || undefined })}
            />
          </Field>
          <Field label="Cost centre">
            <Input
              width={24}
              value={draft.spec.costCentre ?? ''}
              onChange={(e) => setSpec({ costCentre: e.currentTarget.value || undefined })}
            />
          </Field>
          <Field
            label="Telemetry identifiers"
            description='PromQL label matchers that select its series, e.g. service="checkout"; default service="<name>"'
            invalid={!!fieldError('spec.telemetry')}
            error={fieldError('spec.telemetry')}
          >
            <TagsInput
              tags={draft.spec.telemetry ?? []}
              onChange={(telemetry) => setSpec({ telemetry })}
              autoColors={false}
            />
          </Field>
          <EditorActions
            noun="service"
            isNew={isNew}
            busy={busy}
            onDelete={() => run(() => client.deleteService(initial.metadata.name, etag ?? ''), appUrl(ROUTES.Catalog))}
          />
        </FieldSet>
      </form>
    </PluginPage>
  );
}

/** Drop fields left empty, so the stored entry has no `tier: undefined` or `dependsOn: []`. */
function withoutEmpty<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))
  ) as T;
}

export default ServiceEditorPage;
