/**
 * An availability SLO as tests write it: the share of a service's requests (`metric`, by its
 * `service` label) that are not `code="500"`.
 */
export function availabilitySlo(options: {
  name: string;
  service: string;
  metric?: string;
  target?: number;
  window?: string;
}) {
  const { name, service, metric = 'http_requests_total', target = 99.5, window = '7d' } = options;
  return {
    apiVersion: 'steward.dev/v1',
    kind: 'SLO',
    metadata: { name },
    spec: {
      service,
      sli: {
        ratio: {
          bad: `${metric}{service="${service}",code="500"}`,
          total: `${metric}{service="${service}"}`,
        },
      },
      objectives: [{ target, window }],
    },
  };
}
