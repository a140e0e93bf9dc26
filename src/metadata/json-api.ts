// What every metadata client does the same way: check a configured base URL, and turn a JSON answer
// into a validated payload with an error that names the service, the path and where the shape broke.
import type { z } from 'zod';
import { BadRequestError, UpstreamError } from '../shared/errors.js';

/** An http(s) base URL without query string or credentials, trailing slashes removed. */
export function parseApiBaseUrl(service: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new BadRequestError(`${service} base URL is not a URL: ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BadRequestError(`${service} base URL must be http(s): ${value}`);
  }
  if (url.search || url.username || url.password) {
    throw new BadRequestError(`${service} base URL must not carry a query string or credentials`);
  }
  return url.toString().replace(/\/+$/, '');
}

export function parseJsonPayload<T>(service: string, path: string, schema: z.ZodType<T>, body: string): T {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new UpstreamError(service, `${path} answered with something that is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'body';
    throw new UpstreamError(service, `${path} answered an unexpected shape at ${where}: ${issue?.message}`);
  }
  return parsed.data;
}
