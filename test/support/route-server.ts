// A feature's routes served on their own for a route test, through Fastify's inject: the shared zod
// validation, error mapping and OpenAPI document, without starting the whole app.
//
//   serveRoutes(register)             no auth hook: a route's shapes and status codes
//   serveRoutesWithAuth(db, register) the real HTTP stack with its auth hook, an admin key and a user
import swagger from '@fastify/swagger';
import Fastify, { type HTTPMethods, type LightMyRequestResponse } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { AuthRepository } from '../../src/auth/auth.repository.js';
import { AuthService } from '../../src/auth/auth.service.js';
import type { Database } from '../../src/db/schema.js';
import type { ApiServer } from '../../src/http/api-server.js';
import { errorHandler } from '../../src/http/error-handler.js';
import { buildHttpServer, SESSION_COOKIE } from '../../src/http/server.js';
import { createLogger, SecretRegistry } from '../../src/logging/logger.js';
import { Metrics } from '../../src/metrics/metrics.js';
import { systemClock } from '../../src/shared/clock.js';

/** The routes `register` adds, ready to be injected into. */
export async function serveRoutes(register: (app: ApiServer) => void): Promise<ApiServer> {
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  await app.register(swagger, {
    openapi: { openapi: '3.1.0', info: { title: 'test', version: '0' } },
    transform: jsonSchemaTransform,
  });
  register(app);
  await app.ready();
  return app;
}

export interface SignedInRoutes {
  server: ApiServer;
  /** Calls a route as the admin (an API key) or as a user with the `user` role (a session cookie). */
  call: (
    method: HTTPMethods,
    url: string,
    payload?: unknown,
    as?: 'admin' | 'user',
  ) => Promise<LightMyRequestResponse>;
}

/** The routes `register` adds behind the real HTTP stack, with an admin key and a signed-in user. */
export async function serveRoutesWithAuth(
  db: Kysely<Database>,
  register: (app: ApiServer) => void,
): Promise<SignedInRoutes> {
  const auth = new AuthService(new AuthRepository(db), systemClock);
  const adminKey = (await auth.createApiKey('test')).key;
  await auth.createUser({ username: 'viewer', password: 'long enough pass', role: 'user' });
  const userCookie = `${SESSION_COOKIE}=${(await auth.login('viewer', 'long enough pass')).token}`;
  const server = await buildHttpServer({
    logger: createLogger({ level: 'silent', secrets: new SecretRegistry() }),
    urlBase: '',
    trustProxy: false,
    auth,
    metrics: new Metrics(),
    version: 'test',
    routes: register,
  });
  await server.ready();
  return {
    server,
    call: (method, url, payload, as = 'admin') =>
      server.inject({
        method,
        url,
        ...(payload === undefined ? {} : { payload: payload as object }),
        headers: as === 'admin' ? { 'x-api-key': adminKey } : { cookie: userCookie },
      }),
  };
}
