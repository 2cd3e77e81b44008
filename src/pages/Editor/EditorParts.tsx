import React from 'react';
import {
  Alert,
  Button,
  ConfirmButton,
  Field,
  Input,
  LinkButton,
  LoadingPlaceholder,
  Stack,
  TextArea,
} from '@grafana/ui';
import type { ApiService, ApiSlo, ApiTeam, StewardApiError, Versioned } from '../../api/stewardClient';
import { testIds } from '../../testIds';

type Metadata = ApiService['entity']['metadata'];

/** Loading, load errors and read-only entries, before an editor form is shown. */
export function EditorGate<T extends ApiService | ApiTeam | ApiSlo>({
  state,
  noun,
  children,
}: {
  state: { loading: boolean; error?: Error; value?: Versioned<T> };
  noun: string;
  children: (existing?: Versioned<T>) => React.ReactElement;
}) {
  if (state.loading) {
    return <LoadingPlaceholder text="Loading…" />;
  }
  if (state.error) {
    return <Alert title={`Cannot edit this ${noun}`}>{state.error.message}</Alert>;
  }
  if (state.value?.item.readOnly) {
    return (
      <Alert title="Read-only">
        This {noun} is defined in {state.value.item.origin.path}; change it there.
      </Alert>
    );
  }
  return children(state.value);
}

export function SaveError({ error }: { error?: StewardApiError }) {
  return error ? (
    <Alert title="Not saved" severity="error" data-testid={testIds.editor.error}>
      {error.message}
    </Alert>
  ) : null;
}

/** Name (fixed once created), title and description: the same for every kind of entry. */
export function MetadataFields({
  metadata,
  isNew,
  onChange,
  fieldError,
}: {
  metadata: Metadata;
  isNew: boolean;
  onChange: (changes: Partial<Metadata>) => void;
  fieldError: (field: string) => string | undefined;
}) {
  return (
    <>
      <Field
        label="Name"
        description="lowercase letters, digits, . _ -; cannot change later"
        invalid={!!fieldError('metadata.name')}
        error={fieldError('metadata.name')}
      >
        <Input
          data-testid={testIds.editor.name}
          value={metadata.name}
          disabled={!isNew}
          onChange={(e) => onChange({ name: e.currentTarget.value.trim() })}
        />
      </Field>
      <Field label="Title">
        <Input
          data-testid={testIds.editor.title}
          value={metadata.title ?? ''}
          onChange={(e) => onChange({ title: e.currentTarget.value || undefined })}
        />
      </Field>
      <Field label="Description">
        <TextArea
          value={metadata.description ?? ''}
          onChange={(e) => onChange({ description: e.currentTarget.value || undefined })}
        />
      </Field>
    </>
  );
}

/** Create or Save, an optional Cancel, and Delete (with a confirmation) once the entry exists. */
export function EditorActions({
  noun,
  isNew,
  busy,
  cancelHref,
  onDelete,
}: {
  noun: string;
  isNew: boolean;
  busy: boolean;
  cancelHref?: string;
  onDelete: () => void;
}) {
  return (
    <Stack gap={2}>
      <Button type="submit" disabled={busy} data-testid={testIds.editor.submit}>
        {isNew ? `Create ${noun}` : 'Save'}
      </Button>
      {cancelHref && (
        <LinkButton variant="secondary" fill="outline" href={cancelHref}>
          Cancel
        </LinkButton>
      )}
      {!isNew && (
        <div data-testid={testIds.editor.delete}>
          <ConfirmButton confirmText="Delete" confirmVariant="destructive" onConfirm={onDelete}>
            {`Delete ${noun}`}
          </ConfirmButton>
        </div>
      )}
    </Stack>
  );
}
