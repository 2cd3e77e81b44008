import React from 'react';
import { of } from 'rxjs';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { PluginType, type AppPluginMeta, type PluginConfigPageProps } from '@grafana/data';
import { setBackendSrv, type BackendSrv, type BackendSrvRequest } from '@grafana/runtime';
import { testIds } from '../../testIds';
import AppConfig from './AppConfig';

// Unit level with a stubbed BackendSrv; tests/browser saves settings through the real module.
function props(jsonData: object, tokenSet: boolean): PluginConfigPageProps<AppPluginMeta<object>> {
  return {
    plugin: {
      meta: {
        id: 'steward-ownership-app',
        type: PluginType.app,
        enabled: true,
        pinned: true,
        jsonData,
        secureJsonFields: tokenSet ? { stewardToken: true } : {},
      },
    },
    query: {},
  } as unknown as PluginConfigPageProps<AppPluginMeta<object>>;
}

describe('AppConfig', () => {
  const sent: BackendSrvRequest[] = [];
  beforeEach(() => {
    sent.length = 0;
    setBackendSrv({
      fetch: (options: BackendSrvRequest) => (sent.push(options), of({ data: {} })),
    } as unknown as BackendSrv);
    Object.defineProperty(window, 'location', { value: { reload: jest.fn() }, writable: true });
  });

  it('cannot be saved without a URL and a token', () => {
    render(<AppConfig {...props({}, false)} />);
    expect(screen.getByTestId(testIds.appConfig.submit)).toBeDisabled();
    fireEvent.change(screen.getByTestId(testIds.appConfig.url), { target: { value: 'steward:8080' } });
    expect(screen.getByText('Use an http:// or https:// URL')).toBeInTheDocument();
    expect(screen.getByTestId(testIds.appConfig.submit)).toBeDisabled();
  });

  it('keeps a stored token by not sending secureJsonData when only the URL changes', async () => {
    render(<AppConfig {...props({ stewardUrl: 'http://old:8080' }, true)} />);
    fireEvent.change(screen.getByTestId(testIds.appConfig.url), { target: { value: 'http://steward:8080/' } });
    fireEvent.click(screen.getByTestId(testIds.appConfig.submit));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({
      url: '/api/plugins/steward-ownership-app/settings',
      method: 'POST',
      data: { enabled: true, pinned: true, jsonData: { stewardUrl: 'http://steward:8080' }, secureJsonData: undefined },
    });
  });

  it('sends a new token as secureJsonData', async () => {
    render(<AppConfig {...props({}, false)} />);
    fireEvent.change(screen.getByTestId(testIds.appConfig.url), { target: { value: 'http://steward:8080' } });
    fireEvent.change(screen.getByTestId(testIds.appConfig.token), { target: { value: 's3cret-token' } });
    fireEvent.click(screen.getByTestId(testIds.appConfig.submit));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]!.data).toMatchObject({ secureJsonData: { stewardToken: 's3cret-token' } });
  });
});
