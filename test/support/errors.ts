// What tests ask of an error: that the call failed, and that no secret reached anything a log line or
// an API answer could print (the message, the inspected object with its causes, its JSON).
import { inspect } from 'node:util';
import { expect } from 'vitest';

/** The error `promise` rejects with; throws when it resolves instead. */
export async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

export function expectNoSecrets(error: unknown, ...secrets: string[]): void {
  const text = `${String(error)}\n${inspect(error, { depth: 10 })}\n${JSON.stringify(error)}`;
  for (const secret of secrets) expect(text).not.toContain(secret);
}
