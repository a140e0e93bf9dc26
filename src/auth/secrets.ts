// Owns how credentials are made and checked: random API keys and session tokens (stored as SHA-256,
// they have enough entropy for a fast hash), argon2id for user passwords.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 lower-case hex characters, the shape *arr tools expect of an API key. */
export function generateApiKey(): string {
  return randomBytes(16).toString('hex');
}

export function generateSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

const argon2Options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

// Loaded on first use: an install used only through API keys never pays for it.
const argon2 = () => import('@node-rs/argon2');

export async function hashPassword(password: string): Promise<string> {
  return (await argon2()).hash(password, argon2Options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await (await argon2()).verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verified against when the user does not exist, so both paths take the same time. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return decoyHash;
}
