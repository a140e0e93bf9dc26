// Owns the rules of authentication: the admin key created on first start, API keys, users with
// passwords and login sessions. Routes and the request hook call this; it never touches HTTP.
import type { Principal } from '../http/api-server.js';
import type { Clock } from '../shared/clock.js';
import { BadRequestError, ConflictError, NotFoundError, UnauthorizedError } from '../shared/errors.js';
import type { AuthRepository } from './auth.repository.js';
import {
  decoyPasswordHash,
  generateApiKey,
  generateSessionToken,
  hashPassword,
  sameHash,
  sha256,
  verifyPassword,
} from './secrets.js';

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const TOUCH_INTERVAL_MS = 60_000;
export const MIN_PASSWORD_LENGTH = 10;

export interface Credentials {
  apiKey?: string | undefined;
  sessionToken?: string | undefined;
}

export class AuthService {
  /** API key id → last time its last_used_at was written, so a busy client doesn't write per request. */
  private readonly touched = new Map<number, number>();

  constructor(
    private readonly auth: AuthRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Makes sure the service can be reached: accepts the configured key, or on the very first start
   * creates an admin key and returns it so the caller can show it once.
   */
  async ensureAdminKey(configuredKey: string | undefined): Promise<{ createdKey: string | undefined }> {
    if (configuredKey) {
      await this.auth.insertApiKey('admin (configured)', sha256(configuredKey), this.clock.now());
      return { createdKey: undefined };
    }
    if ((await this.auth.countApiKeys()) > 0) return { createdKey: undefined };
    const key = generateApiKey();
    await this.auth.insertApiKey('admin', sha256(key), this.clock.now());
    return { createdKey: key };
  }

  async createApiKey(name: string): Promise<{ id: number; name: string; key: string }> {
    const key = generateApiKey();
    const record = await this.auth.insertApiKey(name, sha256(key), this.clock.now());
    return { id: record.id, name: record.name, key };
  }

  listApiKeys() {
    return this.auth.listApiKeys();
  }

  async deleteApiKey(id: number): Promise<void> {
    const keys = await this.auth.listApiKeys();
    if (!keys.some((key) => key.id === id)) throw new NotFoundError(`API key ${id} not found`);
    const admins = (await this.auth.listUsers()).filter((user) => user.role === 'admin');
    if (keys.length === 1 && admins.length === 0) {
      throw new ConflictError('refusing to delete the last API key while no admin user exists');
    }
    await this.auth.deleteApiKey(id);
  }

  async authenticate(credentials: Credentials): Promise<Principal | undefined> {
    if (credentials.apiKey) {
      const presented = sha256(credentials.apiKey);
      const key = await this.auth.findApiKeyByHash(presented);
      if (!key || !sameHash(key.keyHash, presented)) return undefined;
      await this.touchApiKey(key.id);
      return { kind: 'apiKey', apiKeyId: key.id, name: key.name, role: 'admin' };
    }
    if (credentials.sessionToken) {
      const session = await this.auth.findSession(sha256(credentials.sessionToken), this.clock.now());
      if (!session) return undefined;
      return {
        kind: 'user',
        userId: session.user.id,
        username: session.user.username,
        role: session.user.role,
      };
    }
    return undefined;
  }

  async login(
    username: string,
    password: string,
  ): Promise<{ token: string; expiresAt: number; principal: Principal }> {
    const user = await this.auth.findUserByName(username);
    // Verify against a decoy when the user is unknown, so timing does not reveal which usernames exist.
    const valid = await verifyPassword(user?.password_hash ?? (await decoyPasswordHash()), password);
    if (!user || !valid) throw new UnauthorizedError('invalid username or password');
    const token = generateSessionToken();
    const now = this.clock.now();
    const expiresAt = now + SESSION_TTL_MS;
    await this.auth.insertSession(user.id, sha256(token), now, expiresAt);
    return {
      token,
      expiresAt,
      principal: { kind: 'user', userId: user.id, username: user.username, role: user.role },
    };
  }

  async logout(sessionToken: string): Promise<void> {
    await this.auth.deleteSession(sha256(sessionToken));
  }

  async createUser(input: { username: string; password: string; role: 'admin' | 'user' }) {
    if (input.password.length < MIN_PASSWORD_LENGTH) {
      throw new BadRequestError(`password must be at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    const user = await this.auth.insertUser(
      { username: input.username, passwordHash: await hashPassword(input.password), role: input.role },
      this.clock.now(),
    );
    if (!user) throw new ConflictError(`user "${input.username}" already exists`);
    return { id: user.id, username: user.username, role: user.role, createdAt: user.created_at };
  }

  async listUsers() {
    const users = await this.auth.listUsers();
    return users.map((user) => ({
      id: user.id,
      username: user.username,
      role: user.role,
      createdAt: user.created_at,
    }));
  }

  async deleteUser(id: number): Promise<void> {
    if (!(await this.auth.deleteUser(id))) throw new NotFoundError(`user ${id} not found`);
  }

  deleteExpiredSessions(): Promise<number> {
    return this.auth.deleteExpiredSessions(this.clock.now());
  }

  private async touchApiKey(id: number): Promise<void> {
    const now = this.clock.now();
    const last = this.touched.get(id) ?? 0;
    if (now - last < TOUCH_INTERVAL_MS) return;
    this.touched.set(id, now);
    await this.auth.touchApiKey(id, now);
  }
}
