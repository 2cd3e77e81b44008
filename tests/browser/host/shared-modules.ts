import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import i18next from 'i18next';
import lodash from 'lodash';
import moment from 'moment';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as ReactDOMClient from 'react-dom/client';
import * as jsxRuntime from 'react/jsx-runtime';
import * as ReactRouter from 'react-router';
import * as rxjs from 'rxjs';
import * as rxjsOperators from 'rxjs/operators';

declare global {
  interface Window {
    System: {
      set(id: string, module: object): void;
      addImportMap(map: { imports: Record<string, string> }): void;
      import(url: string): Promise<Record<string, unknown>>;
    };
  }
}

/**
 * Keeps live bindings: SystemJS copies a namespace unless it is tagged as a Module, and a copy
 * would freeze values like PluginPage that the host sets after registering.
 */
const asModule = (namespace: object) => Object.create(namespace, { [Symbol.toStringTag]: { value: 'Module' } });
const withDefault = (value: object) => ({ ...value, default: value, __useDefault: true });

/** The externals Grafana shares with plugins (sharedDependencies.ts), from the real npm packages. */
const SHARED: Record<string, object> = {
  react: asModule(React),
  'react-dom': asModule(ReactDOM),
  'react-dom/client': asModule(ReactDOMClient),
  'react/jsx-runtime': asModule(jsxRuntime),
  'react/jsx-dev-runtime': asModule(jsxRuntime),
  // Grafana maps `react-router` to react-router v6 APIs (react-router-dom-v5-compat).
  'react-router': asModule(ReactRouter),
  rxjs: asModule(rxjs),
  'rxjs/operators': asModule(rxjsOperators),
  '@emotion/css': asModule(emotionCss),
  emotion: asModule(emotionCss),
  '@emotion/react': asModule(emotionReact),
  '@grafana/data': asModule(grafanaData),
  '@grafana/runtime': asModule(grafanaRuntime),
  '@grafana/ui': asModule(grafanaUi),
  lodash: withDefault(lodash),
  moment: withDefault(moment),
  i18next: withDefault(i18next),
};

export function registerSharedModules(): string[] {
  const imports: Record<string, string> = {};
  for (const [name, module] of Object.entries(SHARED)) {
    window.System.set(`package:${name}`, module);
    imports[name] = `package:${name}`;
  }
  window.System.addImportMap({ imports });
  return Object.keys(SHARED);
}
