import type { FastifyError, FastifyInstance } from 'fastify';
import type { ApiErrorBody, ErrorCode } from '@steward/contract/errors';
import { PrometheusError } from '../prometheus/client.js';
import { PromQLInputError } from '../promql/escape.js';
import { RegistryRefusal, type RefusalReason } from '../registry/errors.js';
import { BadIssueCursorError } from '../registry/catalog-status.js';
import { BadCursorError } from '../registry/store/catalog-query.js';

const REFUSALS: Record<RefusalReason, [number, ErrorCode]> = {
  invalid: [400, 'bad_request'],
  forbidden: [403, 'forbidden'],
  not_found: [404, 'not_found'],
  conflict: [409, 'conflict'],
  precondition_required: [428, 'precondition_required'],
};

/** An error whose message is meant for the caller, with the HTTP status and code to use. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: Array<{ field: string; message: string }>
  ) {
    super(message);
  }
}

export function errorBody(code: ErrorCode, message: string, details?: ApiErrorBody['error']['details']): ApiErrorBody {
  return { error: { code, message, ...(details ? { details } : {}) } };
}

/** Maps every thrown error to the ApiError envelope; internals are logged, never sent. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    if (error instanceof HttpError) {
      return reply.status(error.status).send(errorBody(error.code, error.message, error.details));
    }
    if ('validation' in error && error.validation) {
      const context = (error as FastifyError).validationContext ?? 'request';
      const details = error.validation.map((v) => ({
        field: `${context}${v.instancePath.replace(/\//g, '.')}${namedProperty(v.params)}`,
        message: validationMessage(v.keyword, v.params, v.message),
      }));
      return reply
        .status(400)
        .send(errorBody('bad_request', details.map((d) => `${d.field} ${d.message}`).join('; '), details));
    }
    if (error instanceof RegistryRefusal) {
      const [status, code] = REFUSALS[error.reason];
      return reply.status(status).send(errorBody(code, error.message, error.details));
    }
    if (error instanceof BadCursorError || error instanceof BadIssueCursorError) {
      return reply.status(400).send(errorBody('bad_request', error.message));
    }
    if (error instanceof PromQLInputError) {
      return reply.status(400).send(errorBody('bad_request', error.message));
    }
    if (error instanceof PrometheusError) {
      request.log.warn({ err: error, kind: error.kind }, 'prometheus request failed');
      const status = error.kind === 'query' ? 422 : 503;
      return reply.status(status).send(errorBody('prometheus_unavailable', `Prometheus: ${error.message}`));
    }
    const status = (error as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.status(status).send(errorBody('bad_request', error.message));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send(errorBody('internal', 'internal error; see the steward-server log'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(errorBody('not_found', `no route ${request.method} ${request.url.split('?')[0]}`))
  );
}

function namedProperty(params: Record<string, unknown>): string {
  const name = params.missingProperty ?? params.additionalProperty;
  return typeof name === 'string' ? `.${name}` : '';
}

function validationMessage(keyword: string, params: Record<string, unknown>, message: string | undefined): string {
  if (keyword === 'additionalProperties') {
    return 'is not a known field';
  }
  if (keyword === 'required') {
    return 'is required';
  }
  if (keyword === 'enum' && Array.isArray(params.allowedValues)) {
    return `must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return message ?? 'is invalid';
}
