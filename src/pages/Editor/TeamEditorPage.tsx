import React, { useState } from 'react';
import { useParams } from 'react-router-dom';
import { useAsync } from 'react-use';
import { PluginPage } from '@grafana/runtime';
import { Combobox, Field, FieldSet, Input, Stack, TagsInput } from '@grafana/ui';
import { SHIFT_LENGTHS } from '@steward/contract/model/vocabulary';
import type { TeamEntity } from '../../api/stewardClient';
import { TeamPicker } from '../../components/TeamPicker/TeamPicker';
import { appUrl, ROUTES } from '../../constants';
import { useStewardClient } from '../../hooks/useStewardClient';
import { testIds } from '../../testIds';
import { EditorActions, EditorGate, MetadataFields, SaveError } from './EditorParts';
import { useEditorActions } from './useEditor';

const blank = (): TeamEntity => ({ apiVersion: 'steward.dev/v1', kind: 'Team', metadata: { name: '' }, spec: {} });

/** Create a team, or edit one created in Steward. Escalation levels are kept as they are. */
function TeamEditorPage() {
  const { name } = useParams();
  const client = useStewardClient();
  const existing = useAsync(async () => (name ? client.team(name) : undefined), [client, name]);
  return (
    <EditorGate state={existing} noun="team">
      {(current) => <TeamForm initial={current?.item.entity ?? blank()} etag={current?.etag} isNew={!name} />}
    </EditorGate>
  );
}

function TeamForm({ initial, etag, isNew }: { initial: TeamEntity; etag?: string; isNew: boolean }) {
  const client = useStewardClient();
  const { error, busy, run, fieldError } = useEditorActions();
  const [draft, setDraft] = useState<TeamEntity>(initial);
  const spec = draft.spec;
  const setMeta = (changes: Partial<TeamEntity['metadata']>) =>
    setDraft({ ...draft, metadata: { ...draft.metadata, ...changes } });
  const setSpec = (changes: Partial<TeamEntity['spec']>) => setDraft({ ...draft, spec: { ...spec, ...changes } });
  const logins = (spec.members ?? []).map((m) => m.login);
  // Keep what is known about members who stay (name, email, role).
  const setMembers = (next: string[]) =>
    setSpec({ members: next.map((login) => spec.members?.find((m) => m.login === login) ?? { login }) });
  const rotation = spec.onCall?.rotation;
  const setRotation = (changes: Partial<NonNullable<typeof rotation>>) => {
    const next = {
      members: [],
      start: new Date().toISOString().slice(0, 16) + ':00Z',
      shift: '7d',
      ...rotation,
      ...changes,
    };
    setSpec({ onCall: { ...spec.onCall, rotation: next } });
  };

  return (
    <PluginPage pageNav={{ text: isNew ? 'New team' : `Edit ${initial.metadata.name}` }}>
      <form
        data-testid={testIds.editor.form}
        onSubmit={(e) => {
          e.preventDefault();
          void run(
            () => (isNew ? client.createTeam(draft) : client.updateTeam(draft, etag ?? '')),
            appUrl(ROUTES.Teams, draft.metadata.name)
          );
        }}
      >
        <FieldSet>
          <SaveError error={error} />
          <MetadataFields metadata={draft.metadata} isNew={isNew} onChange={setMeta} fieldError={fieldError} />
          <Field label="Parent team" invalid={!!fieldError('spec.parent')} error={fieldError('spec.parent')}>
            <TeamPicker
              value={spec.parent}
              onChange={(parent) => setSpec({ parent })}
              placeholder="No parent"
              testId={testIds.editor.parent}
            />
          </Field>
          <Field
            label="Members"
            description="Grafana logins"
            invalid={!!fieldError('spec.members')}
            error={fieldError('spec.members')}
          >
            <div data-testid={testIds.editor.members}>
              <TagsInput tags={logins} onChange={setMembers} autoColors={false} />
            </div>
          </Field>
          <Stack gap={2}>
            <Field label="Team email" invalid={!!fieldError('spec.contacts')} error={fieldError('spec.contacts')}>
              <Input
                width={32}
                value={spec.contacts?.email ?? ''}
                onChange={(e) => setSpec({ contacts: { ...spec.contacts, email: e.currentTarget.value || undefined } })}
              />
            </Field>
            <Field label="Chat channel">
              <Input
                width={24}
                value={spec.contacts?.chat?.channel ?? ''}
                onChange={(e) =>
                  setSpec({
                    contacts: {
                      ...spec.contacts,
                      chat: e.currentTarget.value
                        ? { ...spec.contacts?.chat, channel: e.currentTarget.value }
                        : undefined,
                    },
                  })
                }
              />
            </Field>
          </Stack>
          <Field
            label="On-call rotation"
            description="Logins in hand-off order"
            invalid={!!fieldError('spec.onCall')}
            error={fieldError('spec.onCall')}
          >
            <Stack direction="column" gap={1}>
              <TagsInput
                tags={rotation?.members ?? []}
                onChange={(members) => setRotation({ members })}
                autoColors={false}
              />
              <Stack gap={1}>
                <Input
                  type="datetime-local"
                  width={28}
                  aria-label="First hand-off"
                  value={rotation?.start.slice(0, 16) ?? ''}
                  onChange={(e) => setRotation({ start: `${e.currentTarget.value}:00Z` })}
                />
                <Combobox<string>
                  width={16}
                  options={SHIFT_LENGTHS.map((s) => ({ value: s, label: `every ${s}` }))}
                  value={rotation?.shift ?? '7d'}
                  onChange={(o) => setRotation({ shift: o.value })}
                />
              </Stack>
            </Stack>
          </Field>
          <EditorActions
            noun="team"
            isNew={isNew}
            busy={busy}
            onDelete={() =>
              run(() => client.deleteTeam(initial.metadata.name, etag ?? ''), `${appUrl(ROUTES.Catalog)}?kind=teams`)
            }
          />
        </FieldSet>
      </form>
    </PluginPage>
  );
}

export default TeamEditorPage;
