// Owns the Fastify server: validation (zod), OpenAPI, cookies, the auth hook, metrics, the error
// mapping, and mounting every feature's routes under the configured URL base.
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyRequest } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AuthService } from '../auth/auth.service.js';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import { ForbiddenError, UnauthorizedError } from '../shared/errors.js';
import type { ApiServer } from './api-server.js';
import { errorHandler, notFoundHandler } from './error-handler.js';

export interface RegisteredRoute {
  method: string;
  url: string;
  public: boolean;
}

export const SESSION_COOKIE = 'omniarr_session';
export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface HttpServerOptions {
  logger: Logger;
  urlBase: string;
  trustProxy: boolean;
  auth: AuthService;
  metrics: Metrics;
  version: string;
  /** Registers every feature's routes; paths are relative to the URL base. */
  routes: (app: ApiServer) => void;
}

function credentialsOf(request: FastifyRequest) {
  const header = request.headers['x-api-key'];
  const query = (request.query as Record<string, unknown> | undefined)?.apikey;
  const authorization = request.headers.authorization;
  const bearer = authorization?.startsWith('Bearer ')
    ? authorization.slice('Bearer '.length).trim()
    : undefined;
  const apiKey =
    (typeof header === 'string' && header) || (typeof query === 'string' && query) || bearer || undefined;
  return { apiKey, sessionToken: request.cookies[SESSION_COOKIE] };
}

export async function buildHttpServer(options: HttpServerOptions): Promise<ApiServer> {
  const loggerInstance: FastifyBaseLogger = options.logger;
  const app = Fastify({
    loggerInstance,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: options.trustProxy,
    genReqId: () => randomUUID(),
    requestIdHeader: 'x-request-id',
    routerOptions: { ignoreTrailingSlash: true },
    // Bound slow clients so a stuck connection cannot hold the process.
    requestTimeout: 120_000,
    connectionTimeout: 130_000,
  }).withTypeProvider<ZodTypeProvider>();

  // Every route, as registered: tests enumerate them to prove auth covers all of them.
  const routes: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', routes);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods)
      routes.push({ method, url: route.url, public: route.config?.public === true });
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  app.decorateRequest('principal', undefined);

  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Omniarr API',
        version: options.version,
        description: 'Requests, movies, TV, indexers and downloads in one service.',
      },
      servers: [{ url: options.urlBase || '/' }],
      components: {
        securitySchemes: {
          apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
          apiKeyQuery: { type: 'apiKey', in: 'query', name: 'apikey' },
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ apiKeyHeader: [] }, { apiKeyQuery: [] }, { bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });

  app.decorate('authenticate', async (request: FastifyRequest) => {
    const principal = await options.auth.authenticate(credentialsOf(request));
    if (!principal)
      throw new UnauthorizedError(
        'missing or invalid credentials (X-Api-Key header, apikey parameter or login session)',
      );
    request.principal = principal;
    if (request.routeOptions.config.admin && principal.role !== 'admin') {
      throw new ForbiddenError('this needs an admin');
    }
  });
  app.addHook('onRequest', async (request) => {
    if (!request.routeOptions.config.public) await app.authenticate(request);
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    options.metrics.httpRequestDuration.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    const level = reply.statusCode >= 500 ? 'error' : reply.statusCode >= 400 ? 'info' : 'debug';
    request.log[level](
      { req: request, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });

  await app.register(
    (scoped: ApiServer, _opts, done) => {
      options.routes(scoped);
      done();
    },
    { prefix: options.urlBase },
  );
  return app;
}
