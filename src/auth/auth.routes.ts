// Login and logout (session cookie), the current principal, users and API keys.
import { z } from 'zod';
import type { RouteModule } from '../http/api-server.js';
import { SESSION_COOKIE } from '../http/server.js';
import { BadRequestError } from '../shared/errors.js';
import type { AuthService } from './auth.service.js';

const principalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('apiKey'), apiKeyId: z.number(), name: z.string(), role: z.literal('admin') }),
  z.object({
    kind: z.literal('user'),
    userId: z.number(),
    username: z.string(),
    role: z.enum(['admin', 'user']),
  }),
]);

const userSchema = z.object({
  id: z.number(),
  username: z.string(),
  role: z.enum(['admin', 'user']),
  createdAt: z.number(),
});
const apiKeySchema = z.object({
  id: z.number(),
  name: z.string(),
  createdAt: z.number(),
  lastUsedAt: z.number().nullable(),
});
const idParams = z.object({ id: z.coerce.number().int().positive() });

export const authRoutes: RouteModule<{ auth: AuthService }> = (app, { auth }) => {
  app.post(
    '/api/v1/auth/login',
    {
      config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Log in with a username and password; sets an httpOnly session cookie.',
        body: z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(1000) }),
        response: { 200: z.object({ user: principalSchema, expiresAt: z.string() }) },
      },
    },
    async (request, reply) => {
      const session = await auth.login(request.body.username, request.body.password);
      void reply.setCookie(SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        path: '/',
        expires: new Date(session.expiresAt),
      });
      return { user: session.principal, expiresAt: new Date(session.expiresAt).toISOString() };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { schema: { tags: ['auth'], summary: 'End the login session.', response: { 204: z.null() } } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await auth.logout(token);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who the credentials belong to.',
        response: { 200: principalSchema },
      },
    },
    (request) => {
      if (!request.principal) throw new BadRequestError('no principal');
      return request.principal;
    },
  );

  app.get(
    '/api/v1/users',
    {
      config: { admin: true },
      schema: { tags: ['auth'], summary: 'List users.', response: { 200: z.array(userSchema) } },
    },
    () => auth.listUsers(),
  );

  app.post(
    '/api/v1/users',
    {
      config: { admin: true },
      schema: {
        tags: ['auth'],
        summary: 'Create a user with a password.',
        body: z.object({
          username: z.string().trim().min(1).max(100),
          password: z.string().max(1000),
          role: z.enum(['admin', 'user']).default('user'),
        }),
        response: { 201: userSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await auth.createUser(request.body)),
  );

  app.delete(
    '/api/v1/users/:id',
    {
      config: { admin: true },
      schema: { tags: ['auth'], summary: 'Delete a user.', params: idParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await auth.deleteUser(request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/apikeys',
    {
      config: { admin: true },
      schema: {
        tags: ['auth'],
        summary: 'List API keys (names only; keys are never shown again).',
        response: { 200: z.array(apiKeySchema) },
      },
    },
    () => auth.listApiKeys(),
  );

  app.post(
    '/api/v1/apikeys',
    {
      config: { admin: true },
      schema: {
        tags: ['auth'],
        summary: 'Create an API key. The key is in this response only.',
        body: z.object({ name: z.string().trim().min(1).max(100) }),
        response: { 201: z.object({ id: z.number(), name: z.string(), key: z.string() }) },
      },
    },
    async (request, reply) => reply.status(201).send(await auth.createApiKey(request.body.name)),
  );

  app.delete(
    '/api/v1/apikeys/:id',
    {
      config: { admin: true },
      schema: {
        tags: ['auth'],
        summary: 'Revoke an API key.',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await auth.deleteApiKey(request.params.id);
      return reply.status(204).send(null);
    },
  );
};
