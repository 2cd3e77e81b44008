import React, { useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { useAsync } from 'react-use';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, Field, FieldSet, Stack, Text, TextArea, useStyles2 } from '@grafana/ui';
import type { SloEntity } from '../../api/stewardClient';
import { appUrl, ROUTES } from '../../constants';
import { useStewardClient } from '../../hooks/useStewardClient';
import { parseSloText, sloTemplate, sloText } from '../../slo/editorText';
import { testIds } from '../../testIds';
import { EditorActions, EditorGate, SaveError } from './EditorParts';
import { useEditorActions } from './useEditor';

/**
 * Create an SLO, or edit one created in Steward, as its JSON definition; steward-server checks
 * it (schema, PromQL, the service) and its answers are shown per field. SLOs from catalog files
 * are changed in their file.
 */
function SloEditorPage() {
  const { name } = useParams();
  const [search] = useSearchParams();
  const client = useStewardClient();
  const existing = useAsync(async () => (name ? client.slo(name) : undefined), [client, name]);
  return (
    <EditorGate state={existing} noun="SLO">
      {(current) => (
        <SloForm
          initial={current?.item.entity ?? sloTemplate(search.get('service') ?? '')}
          etag={current?.etag}
          isNew={!name}
        />
      )}
    </EditorGate>
  );
}

function SloForm({ initial, etag, isNew }: { initial: SloEntity; etag?: string; isNew: boolean }) {
  const styles = useStyles2(getStyles);
  const client = useStewardClient();
  const { error, busy, run } = useEditorActions();
  const [text, setText] = useState(() => sloText(initial));
  const [syntax, setSyntax] = useState<string>();
  const save = () => {
    const parsed = parseSloText(text);
    if (!parsed.ok) {
      setSyntax(parsed.message);
      return;
    }
    setSyntax(undefined);
    const entity = parsed.entity;
    void run(
      () => (isNew ? client.createSlo(entity) : client.updateSlo(entity, etag ?? '')),
      appUrl(ROUTES.Slos, entity.metadata?.name ?? '')
    );
  };
  const details = error?.details ?? [];
  return (
    <PluginPage pageNav={{ text: isNew ? 'New SLO' : `Edit ${initial.metadata.name}` }}>
      <form
        data-testid={testIds.editor.form}
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <FieldSet>
          <Stack direction="column" gap={2}>
            <Text color="secondary">
              The SLO as JSON: <code>spec.sli</code> is one of <code>ratio</code> (good or bad, and total),{' '}
              <code>latency</code> (histogram and threshold), <code>probe</code> or <code>freeform</code>;{' '}
              <code>spec.objectives</code> lists targets in percent with windows such as <code>30d</code> or{' '}
              <code>month</code>. Editors of the owning team may save it; steward-server checks the PromQL.
            </Text>
            {details.length > 0 ? (
              <Alert
                title="Not saved: steward-server refused these fields"
                severity="error"
                data-testid={testIds.sloEditor.fieldErrors}
              >
                <ul className={styles.list}>
                  {details.map((d) => (
                    <li key={`${d.field}-${d.message}`}>
                      <code>{d.field}</code>: {d.message}
                    </li>
                  ))}
                </ul>
              </Alert>
            ) : (
              <SaveError error={error} />
            )}
            <Field label="Definition" invalid={!!syntax} error={syntax}>
              <TextArea
                data-testid={testIds.sloEditor.text}
                className={styles.code}
                rows={28}
                spellCheck={false}
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
              />
            </Field>
            <EditorActions
              noun="SLO"
              isNew={isNew}
              busy={busy}
              cancelHref={isNew ? appUrl(ROUTES.Slos) : appUrl(ROUTES.Slos, initial.metadata.name)}
              onDelete={() => run(() => client.deleteSlo(initial.metadata.name, etag ?? ''), appUrl(ROUTES.Slos))}
            />
          </Stack>
        </FieldSet>
      </form>
    </PluginPage>
  );
}

export default SloEditorPage;

const getStyles = (theme: GrafanaTheme2) => ({
  code: css({ fontFamily: theme.typography.fontFamilyMonospace, fontSize: theme.typography.bodySmall.fontSize }),
  list: css({ margin: 0, paddingLeft: theme.spacing(2) }),
});
