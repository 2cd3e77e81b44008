/** Test ids shared by unit tests (jest) and browser tests (Playwright); change them only here. */
export const testIds = {
  appConfig: {
    container: 'data-testid steward-config',
    url: 'data-testid steward-config-url',
    token: 'data-testid steward-config-token',
    submit: 'data-testid steward-config-submit',
  },
  home: {
    container: 'data-testid steward-home',
    serverStatus: 'data-testid steward-server-status',
    storeStatus: 'data-testid steward-store-status',
    prometheusStatus: 'data-testid steward-prometheus-status',
    error: 'data-testid steward-home-error',
    inventory: 'data-testid steward-telemetry-inventory',
  },
  datasource: {
    queryEditor: 'data-testid steward-query-editor',
    queryType: 'data-testid steward-query-type',
    label: 'data-testid steward-query-label',
    configEditor: 'data-testid steward-ds-config',
  },
  sloPanel: {
    container: 'data-testid steward-slo-panel',
    cell: 'data-testid steward-slo-panel-cell',
    error: 'data-testid steward-slo-panel-error',
    empty: 'data-testid steward-slo-panel-empty',
  },
};
