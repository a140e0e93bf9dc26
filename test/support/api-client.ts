// Calls a running test app's HTTP API as its admin (the API key), JSON in and JSON out, and hands back
// the status and the body for the test to judge: nothing here throws on a 4xx or 5xx.
import type { TestApp } from './app.js';

export interface Json {
  [key: string]: unknown;
}

export interface ApiResponse<T> {
  status: number;
  /** The parsed JSON body; undefined when the response had none. */
  body: T;
  /** The body as sent, for messages and for answers that are not JSON. */
  text: string;
}

export type ApiClient = <T = Json>(method: string, url: string, body?: unknown) => Promise<ApiResponse<T>>;

/**
 * `service` is asked for the app at every call, so a client made in a `describe` block reaches the app
 * that its `beforeAll` starts later.
 */
export function apiClient(service: () => Pick<TestApp, 'url' | 'apiKey'>): ApiClient {
  return async <T = Json>(method: string, url: string, body?: unknown): Promise<ApiResponse<T>> => {
    const app = service();
    const response = await fetch(`${app.url}${url}`, {
      method,
      headers: {
        'x-api-key': app.apiKey,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, text };
  };
}
