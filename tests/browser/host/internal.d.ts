// @grafana/runtime's setPluginPage is internal (not in the package exports map); the host
// bundle aliases this name to the file that defines it, as Grafana core imports it.
declare module 'host-internal/plugin-page' {
  import type { ComponentType } from 'react';
  export function setPluginPage(component: ComponentType<any>): void;
}
