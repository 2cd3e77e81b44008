import { toApiError } from './stewardClient';

const fetchError = (status: number, data: unknown) => ({ status, data, config: { url: 'x' } });

describe('toApiError', () => {
  it('keeps steward-server’s own message and code', () => {
    const error = toApiError(
      fetchError(503, { error: { code: 'prometheus_unavailable', message: 'Prometheus: cannot reach it' } })
    );
    expect(error).toMatchObject({
      message: 'Prometheus: cannot reach it',
      status: 503,
      code: 'prometheus_unavailable',
    });
  });

  it('keeps steward-server’s reason for a 504 past its status deadline, which Grafana’s own 504 lacks', () => {
    const message = 'no answer within 20 s (STEWARD_STATUS_DEADLINE_MS): Prometheus is slow or not answering. …';
    expect(toApiError(fetchError(504, { error: { code: 'deadline_exceeded', message } }))).toMatchObject({
      message,
      status: 504,
      code: 'deadline_exceeded',
    });
  });

  it('explains a gateway error from Grafana’s proxy as an unreachable server', () => {
    const error = toApiError(fetchError(502, { message: 'Bad Gateway' }));
    expect(error.message).toBe(
      'Grafana could not reach steward-server (Bad Gateway); check the Steward URL in the app configuration'
    );
  });

  it('explains a proxy refusal as a role problem', () => {
    expect(toApiError(fetchError(403, { message: 'plugin proxy route access denied' })).message).toBe(
      'Grafana refused the request (plugin proxy route access denied); your role may not allow this'
    );
  });

  it('wraps anything else', () => {
    expect(toApiError(new Error('boom'))).toMatchObject({ message: 'boom', status: 0 });
  });
});
