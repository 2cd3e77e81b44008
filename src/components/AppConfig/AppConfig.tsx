import React, { type ChangeEvent, type FormEvent, useState } from 'react';
import { lastValueFrom } from 'rxjs';
import type { AppPluginMeta, PluginConfigPageProps, PluginMeta } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, Input, SecretInput } from '@grafana/ui';
import { testIds } from '../../testIds';
import { SECURE_TOKEN_KEY, type AppSettings } from '../../types';

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<AppSettings>> {}

/** Where steward-server lives and the shared secret Grafana's proxy sends it. */
const AppConfig = ({ plugin }: AppConfigProps) => {
  const { enabled, pinned, jsonData, secureJsonFields } = plugin.meta;
  const [url, setUrl] = useState(jsonData?.stewardUrl ?? '');
  const [token, setToken] = useState('');
  const [tokenIsSet, setTokenIsSet] = useState(Boolean(secureJsonFields?.[SECURE_TOKEN_KEY]));
  const [error, setError] = useState<string>();
  const urlProblem = url === '' || /^https?:\/\/[^/]+/.test(url) ? undefined : 'Use an http:// or https:// URL';
  const canSave = url !== '' && !urlProblem && (tokenIsSet || token !== '');

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!canSave) {
      return;
    }
    try {
      await updatePlugin(plugin.meta.id, {
        enabled,
        pinned,
        jsonData: { stewardUrl: url.replace(/\/+$/, '') },
        // Only send the secret when it changed, so saving the URL keeps the stored token.
        secureJsonData: tokenIsSet ? undefined : { [SECURE_TOKEN_KEY]: token },
      });
      // Grafana reads plugin settings at page load; reload so the proxy routes use the new ones.
      window.location.reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Saving the settings failed');
    }
  };

  return (
    <form onSubmit={onSubmit} data-testid={testIds.appConfig.container}>
      <FieldSet label="steward-server">
        <Field
          label="Steward URL"
          description="Address of steward-server as Grafana's server sees it, e.g. http://steward:8080"
          invalid={Boolean(urlProblem)}
          error={urlProblem}
        >
          <Input
            width={60}
            id="steward-url"
            data-testid={testIds.appConfig.url}
            value={url}
            placeholder="http://steward:8080"
            onChange={(e: ChangeEvent<HTMLInputElement>) => setUrl(e.target.value.trim())}
          />
        </Field>
        <Field label="Token" description="The shared secret steward-server expects (STEWARD_GRAFANA_SECRET)">
          <SecretInput
            width={60}
            id="steward-token"
            data-testid={testIds.appConfig.token}
            value={token}
            isConfigured={tokenIsSet}
            placeholder="Shared secret"
            onChange={(e: ChangeEvent<HTMLInputElement>) => setToken(e.target.value.trim())}
            onReset={() => {
              setToken('');
              setTokenIsSet(false);
            }}
          />
        </Field>
        {error && (
          <Alert title="Settings not saved" severity="error">
            {error}
          </Alert>
        )}
        <Button type="submit" data-testid={testIds.appConfig.submit} disabled={!canSave}>
          Save settings
        </Button>
      </FieldSet>
    </form>
  );
};

export default AppConfig;

async function updatePlugin(pluginId: string, data: Partial<PluginMeta<AppSettings>>) {
  return lastValueFrom(getBackendSrv().fetch({ url: `/api/plugins/${pluginId}/settings`, method: 'POST', data }));
}
