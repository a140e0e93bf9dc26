// One real PostgreSQL for the whole run; each test file creates its own database in it.
import type { TestProject } from 'vitest/node';
import { startPostgres, type PostgresServer } from '../support/postgres.js';

let server: PostgresServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  server = await startPostgres();
  project.provide('postgresAdminUrl', server.adminUrl);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}
