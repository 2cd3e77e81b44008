import { stringify } from 'yaml';
import { PROMTOOL_REFUSES } from '../../server/src/slo/delivery/testing/promtool-verdicts.js';
import { ratioSlo, service } from './catalog-docs.js';
import { seeded } from './seeded.js';

/**
 * Hostile catalog files, drawn from a seed: regexes Go refuses, broken alert templates, names,
 * Unicode, sizes, wrong types, PromQL injection, takeovers, broken YAML. Each is one file, so
 * each problem can be looked for in its own file. `refused` cases must end in a located error
 * with their entry left out; `loaded` ones are strange but valid, and must load and produce
 * rules Prometheus loads. `body`, when set, is the same entry sent through the API.
 */
export interface HostileCase {
  path: string;
  bytes: Uint8Array;
  verdict: 'refused' | 'loaded';
  /** The entry the file is about, to check it is (or is not) loaded. */
  entry?: { kind: 'Service' | 'SLO'; name: string };
  /** The same entry as an API body (named apart from the file's), for the API to judge. */
  body?: { kind: 'Service' | 'SLO'; value: Record<string, any> };
}

/** Patterns Go's regexp (Prometheus 2.42) refuses. */
const BAD_REGEXES = [
  '5(0',
  '(a)\\1',
  '(?=x)',
  'a**',
  'x{2}{3}',
  'a{1001}',
  '\\Z',
  '(?x)a',
  '[z-a]',
  '\\C',
  '(?<n>a)',
  '[[:foo:]]',
];
/** Valid, if odd: they must load. */
const ODD_REGEXES = ['é+|\\pL', '(?i)CAFÉ', '\\Qa.b\\E', '(?P<code>5..)', '[[:alpha:]]+', '😀|\\x{1F600}'];
const BAD_NAMES = ['Payments', 'x'.repeat(64), '-lead', '../etc', 'ünï', 'a b', 'a"b', 'café', '😀'];
const ODD_TITLES = [
  'Ünïcödé ☃ 😀 title',
  '\u202eRTL override\u202c and zero\u200bwidth',
  'e\u0301 combining',
  '{{ "braces" }} and }} {{ and $value',
  'quote " backslash \\ tab\t end',
  `long ${'é'.repeat(180)}`,
];
const INJECTIONS = [
  'x{a="1"} or vector(1)',
  'x{a="1"}[5m]',
  'rate(x[5m])',
  'x{a="1"} and y',
  'x{a="1"}} or {b="2"',
  'x offset 5m',
];

const text = (value: unknown) => new TextEncoder().encode(stringify(value, { lineWidth: 0 }));

export function hostileCatalog(seed: number, count: number, owner: string, serviceName: string): HostileCase[] {
  const random = seeded(seed);
  const cases: HostileCase[] = [];
  for (let i = 0; cases.length < count; i++) {
    const id = `h${String(i).padStart(3, '0')}`;
    const slo = (spec: object = {}, bad?: string) => ratioSlo(`${id}-slo`, serviceName, spec, bad);
    const refused = (value: Record<string, any>, kind: 'Service' | 'SLO' = 'SLO'): HostileCase => ({
      path: `hostile/${id}.yaml`,
      bytes: text(value),
      verdict: 'refused',
      entry: { kind, name: value.metadata.name },
      body: { kind, value },
    });
    const families: Array<() => HostileCase> = [
      () =>
        refused(
          slo({}, `http_requests_total{service="${serviceName}",code=~${JSON.stringify(random.pick(BAD_REGEXES))}}`)
        ),
      () => {
        const value = slo();
        const bad = `sum(increase(http_requests_total{code=~${JSON.stringify(random.pick(BAD_REGEXES))}}[$window]))`;
        value.spec.sli = { freeform: { bad, total: 'sum(increase(http_requests_total[$window]))' } } as any;
        return refused(value);
      },
      () =>
        refused(
          service(`${id}-svc`, owner, { telemetry: [`job=~${JSON.stringify(random.pick(BAD_REGEXES))}`] }),
          'Service'
        ),
      () => ({
        path: `hostile/${id}-catalog-info.yaml`,
        bytes: text({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: `${id}-bs`,
            annotations: { 'steward.dev/telemetry': `job=~"${random.pick(BAD_REGEXES)}"` },
          },
          spec: { type: 'service', lifecycle: 'production', owner },
        }),
        verdict: 'refused',
        entry: { kind: 'Service', name: `${id}-bs` },
      }),
      () => ({
        path: `hostile/${id}-sloth.yml`,
        bytes: text({
          version: 'prometheus/v1',
          service: serviceName,
          slos: [
            {
              name: `${id}-sloth`,
              objective: 99.9,
              sli: {
                events: {
                  error_query: `sum(rate(http_requests_total{code=~${JSON.stringify(random.pick(BAD_REGEXES))}}[{{.window}}]))`,
                  total_query: 'sum(rate(http_requests_total[{{.window}}]))',
                },
              },
              alerting: { name: 'HostileSloth' },
            },
          ],
        }),
        verdict: 'refused',
        entry: { kind: 'SLO', name: `${serviceName}-${id}-sloth` },
      }),
      () => refused(slo({ alerting: { annotations: { summary: random.pick(PROMTOOL_REFUSES)[0] } } })),
      () => refused(slo({ alerting: { labels: { component: random.pick(PROMTOOL_REFUSES)[0] } } })),
      () => refused(slo({ alerting: { labels: { team: 'mallory', 'bad-key': 'x' } } })),
      () => refused(service(random.pick(BAD_NAMES), owner), 'Service'),
      () =>
        refused(
          slo({
            objectives: [{ target: random.pick(['99.9', 100, 12, -1, null]), window: random.pick(['45s', '1y', 30]) }],
          })
        ),
      () => refused(slo({}, random.pick(INJECTIONS))),
      () => refused(slo({ groupBy: [random.pick(['team', 'slo', '__name__', 'le', 'bad-label', 'é'])] })),
      () => refused({ ...slo(), metadata: { name: `${id}-slo`, title: 'x'.repeat(201 + random.int(5000)) } }),
      () => ({
        // A new file that sorts first and names the existing service, for another owner.
        path: `0-${id}-takeover.yaml`,
        bytes: text(service(serviceName, 'mallory', { tier: 'tier-1' })),
        verdict: 'refused',
      }),
      () => ({
        path: `hostile/${id}-broken.yaml`,
        bytes: random.pick([
          new Uint8Array([0x6b, 0x69, 0x6e, 0x64, 0x3a, 0x20, 0xc3, 0x28, 0x0a]),
          new TextEncoder().encode(
            'a: &a [1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n'
          ),
          new TextEncoder().encode('apiVersion: steward.dev/v1\nkind: Service\nkind: Team\n'),
          new TextEncoder().encode('apiVersion: steward.dev/v1\n\tkind: Service\n'),
          new TextEncoder().encode(`${'['.repeat(3000)}`),
        ]),
        verdict: 'refused',
      }),
      () => {
        const alerting = {
          annotations: { note: '{{ $labels.route }} at {{ humanize $value }} ({{ .Labels.team }})' },
          // Alert label values are templates too: only the ones without actions here.
          labels: { component: random.pick(ODD_TITLES.filter((t) => !t.includes('{{'))).slice(0, 150) },
        };
        const bad = `http_requests_total{service="${serviceName}",code=~${JSON.stringify(random.pick(ODD_REGEXES))}}`;
        const value = slo({ alerting }, bad);
        value.metadata = { name: `${id}-slo`, title: random.pick(ODD_TITLES) } as typeof value.metadata;
        return { ...refused(value), verdict: 'loaded' };
      },
    ];
    cases.push(random.pick(families)());
  }
  return cases;
}
