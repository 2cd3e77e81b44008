import { AlertmanagerConfigWriter } from '../../alerting/alertmanager-writer.js';
import { authenticatedFetch } from '../../backends/credentials.js';
import type { Config } from '../../config/schema.js';
import type { PrometheusClient } from '../../prometheus/client.js';
import { RemoteWriter } from '../../prometheus/remote-write.js';
import type { RegistryService } from '../../registry/registry-service.js';
import { RuleDirectoryTarget, RulerTarget, type RuleTarget } from '../delivery/rule-targets.js';
import { HistoryFiller } from './history-filler.js';
import type { RevisionStore } from '../../store/revision-store.js';
import { SloEngine } from './slo-engine.js';

interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** The SLO engine as the configuration describes it: where rules go, whether history is filled, Alertmanager. */
export function createSloEngine(
  config: Config,
  registry: RegistryService,
  revisions: RevisionStore,
  prometheus: PrometheusClient,
  leads: () => boolean = () => true,
  log?: Logger
): SloEngine {
  const { slo } = config;
  // The ruler and remote write are the metrics backend's own: its credentials, and its tenant
  // unless the SLO section names another.
  const backendFetch = authenticatedFetch(config.prometheus.auth, config.prometheus.tls);
  const tenantName = slo.tenant ?? config.prometheus.auth.tenant;
  const tenant = tenantName ? { 'X-Scope-OrgID': tenantName } : undefined;
  let rules: RuleTarget | undefined;
  if (slo.rulerUrl) {
    rules = new RulerTarget({
      url: slo.rulerUrl,
      namespace: slo.rulerNamespace,
      ...(tenantName ? { tenant: tenantName } : {}),
      timeoutMs: config.prometheus.timeoutMs,
      fetch: backendFetch,
    });
  } else if (slo.rulesDirectory) {
    const reloadUrl = slo.reloadUrl;
    rules = new RuleDirectoryTarget(
      slo.rulesDirectory,
      reloadUrl ? () => postReload(backendFetch, reloadUrl, config.prometheus.timeoutMs) : () => prometheus.reload()
    );
  }
  const history = slo.backfill
    ? new HistoryFiller(
        prometheus,
        new RemoteWriter({
          url: slo.remoteWriteUrl ?? `${config.prometheus.url.replace(/\/+$/, '')}/api/v1/write`,
          timeoutMs: config.prometheus.timeoutMs,
          fetch: backendFetch,
          ...(tenant ? { headers: tenant } : {}),
        }),
        revisions,
        log
      )
    : undefined;
  const alertmanager = config.alertmanager.configFile
    ? new AlertmanagerConfigWriter({
        outputFile: config.alertmanager.configFile,
        ...(config.alertmanager.baseConfigFile ? { baseFile: config.alertmanager.baseConfigFile } : {}),
        ...(config.alertmanager.url ? { alertmanagerUrl: config.alertmanager.url } : {}),
        fetch: authenticatedFetch(config.alertmanager.auth, config.alertmanager.tls),
      })
    : undefined;
  return new SloEngine({
    registry,
    prometheus,
    revisions,
    ...(rules ? { rules } : {}),
    ...(history ? { history } : {}),
    ...(alertmanager ? { alertmanager } : {}),
    ...(slo.grafanaPublicUrl ? { grafanaPublicUrl: slo.grafanaPublicUrl } : {}),
    statusCacheSeconds: slo.statusCacheSeconds,
    leads,
    ...(log ? { log } : {}),
  });
}

async function postReload(send: typeof fetch, url: string, timeoutMs: number): Promise<void> {
  const response = await send(url, { method: 'POST', signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) {
    throw new Error(`reload at ${url} answered HTTP ${response.status}: ${(await response.text()).trim()}`);
  }
}
