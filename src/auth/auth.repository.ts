// Owns the SQL for API keys, users and login sessions. Only hashes of keys and tokens are stored.
import type { Kysely } from 'kysely';
import type { Database, UserRow } from '../db/schema.js';

export interface ApiKeyRecord {
  id: number;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface SessionWithUser {
  sessionId: number;
  expiresAt: number;
  user: Pick<UserRow, 'id' | 'username' | 'role'>;
}

export class AuthRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async countApiKeys(): Promise<number> {
    const row = await this.db
      .selectFrom('api_keys')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async insertApiKey(name: string, keyHash: string, now: number): Promise<ApiKeyRecord> {
    const row = await this.db
      .insertInto('api_keys')
      .values({ name, key_hash: keyHash, created_at: now })
      .onConflict((conflict) => conflict.column('key_hash').doNothing())
      .returning(['id', 'name', 'created_at', 'last_used_at'])
      .executeTakeFirst();
    if (row) return { id: row.id, name: row.name, createdAt: row.created_at, lastUsedAt: row.last_used_at };
    const existing = await this.db
      .selectFrom('api_keys')
      .select(['id', 'name', 'created_at', 'last_used_at'])
      .where('key_hash', '=', keyHash)
      .executeTakeFirstOrThrow();
    return {
      id: existing.id,
      name: existing.name,
      createdAt: existing.created_at,
      lastUsedAt: existing.last_used_at,
    };
  }

  async findApiKeyByHash(
    keyHash: string,
  ): Promise<{ id: number; name: string; keyHash: string } | undefined> {
    const row = await this.db
      .selectFrom('api_keys')
      .select(['id', 'name', 'key_hash'])
      .where('key_hash', '=', keyHash)
      .executeTakeFirst();
    return row && { id: row.id, name: row.name, keyHash: row.key_hash };
  }

  async touchApiKey(id: number, now: number): Promise<void> {
    await this.db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', id).execute();
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    const rows = await this.db
      .selectFrom('api_keys')
      .select(['id', 'name', 'created_at', 'last_used_at'])
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      createdAt: row.created_at,
      lastUsedAt: row.last_used_at,
    }));
  }

  async deleteApiKey(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('api_keys').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async insertUser(
    user: { username: string; passwordHash: string; role: 'admin' | 'user' },
    now: number,
  ): Promise<UserRow | undefined> {
    return this.db
      .insertInto('users')
      .values({ username: user.username, password_hash: user.passwordHash, role: user.role, created_at: now })
      .onConflict((conflict) => conflict.column('username').doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  async findUserByName(username: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  async listUsers(): Promise<Array<Pick<UserRow, 'id' | 'username' | 'role' | 'created_at'>>> {
    return this.db
      .selectFrom('users')
      .select(['id', 'username', 'role', 'created_at'])
      .orderBy('id')
      .execute();
  }

  async deleteUser(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async insertSession(userId: number, tokenHash: string, now: number, expiresAt: number): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({ user_id: userId, token_hash: tokenHash, created_at: now, expires_at: expiresAt })
      .execute();
  }

  async findSession(tokenHash: string, now: number): Promise<SessionWithUser | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['sessions.id as sessionId', 'sessions.expires_at', 'users.id', 'users.username', 'users.role'])
      .where('sessions.token_hash', '=', tokenHash)
      .where('sessions.expires_at', '>', now)
      .executeTakeFirst();
    return (
      row && {
        sessionId: row.sessionId,
        expiresAt: row.expires_at,
        user: { id: row.id, username: row.username, role: row.role },
      }
    );
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }

  async deleteExpiredSessions(now: number): Promise<number> {
    const result = await this.db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
