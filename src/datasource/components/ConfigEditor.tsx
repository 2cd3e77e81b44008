import React, { type ChangeEvent } from 'react';
import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Field, FieldSet, Input, SecretInput } from '@grafana/ui';
import { SECURE_TOKEN_KEY } from '../../types';
import { testIds } from '../../testIds';
import type { StewardDataSourceOptions } from '../types';

type Props = DataSourcePluginOptionsEditorProps<
  StewardDataSourceOptions,
  Partial<Record<typeof SECURE_TOKEN_KEY, string>>
>;

/** The datasource reaches steward-server through its own proxy route with these settings. */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const { jsonData, secureJsonFields, secureJsonData } = options;
  return (
    <FieldSet label="steward-server" data-testid={testIds.datasource.configEditor}>
      <Field label="Steward URL" description="Address of steward-server as Grafana's server sees it">
        <Input
          width={60}
          id="steward-ds-url"
          value={jsonData.stewardUrl ?? ''}
          placeholder="http://steward:8080"
          onChange={(e: ChangeEvent<HTMLInputElement>) =>
            onOptionsChange({ ...options, jsonData: { ...jsonData, stewardUrl: e.target.value.trim() } })
          }
        />
      </Field>
      <Field label="Token" description="The shared secret steward-server expects (STEWARD_GRAFANA_SECRET)">
        <SecretInput
          width={60}
          id="steward-ds-token"
          isConfigured={Boolean(secureJsonFields?.[SECURE_TOKEN_KEY])}
          value={secureJsonData?.[SECURE_TOKEN_KEY] ?? ''}
          placeholder="Shared secret"
          onChange={(e: ChangeEvent<HTMLInputElement>) =>
            onOptionsChange({ ...options, secureJsonData: { [SECURE_TOKEN_KEY]: e.target.value.trim() } })
          }
          onReset={() =>
            onOptionsChange({
              ...options,
              secureJsonFields: { ...secureJsonFields, [SECURE_TOKEN_KEY]: false },
              secureJsonData: { [SECURE_TOKEN_KEY]: '' },
            })
          }
        />
      </Field>
    </FieldSet>
  );
}
