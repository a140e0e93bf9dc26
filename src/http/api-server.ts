// The type every feature's routes are registered on, and the per-route options the server reads.
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

export type ApiServer = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export type Principal =
  | { kind: 'apiKey'; apiKeyId: number; name: string; role: 'admin' }
  | { kind: 'user'; userId: number; username: string; role: 'admin' | 'user' };

/** A feature's routes: `export const movieRoutes: RouteModule<MovieDeps> = (app, deps) => { … }`. */
export type RouteModule<Deps = void> = (app: ApiServer, deps: Deps) => void;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without credentials (only /ping, login, readiness and UI assets). */
    public?: boolean;
    /** Needs an admin (API key or admin user). */
    admin?: boolean;
  }
  interface FastifyInstance {
    /** Checks credentials and sets request.principal; throws UnauthorizedError/ForbiddenError. */
    authenticate(request: FastifyRequest): Promise<void>;
    readonly registeredRoutes: ReadonlyArray<{ method: string; url: string; public: boolean }>;
  }
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}
