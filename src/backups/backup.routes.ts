// Database backups: list them and make one now.
import { z } from 'zod';
import type { RouteModule } from '../http/api-server.js';
import type { BackupService } from './backup.service.js';

const backupView = z.object({ name: z.string(), size: z.number(), date: z.string() });

export const backupRoutes: RouteModule<{ backups: BackupService }> = (app, { backups }) => {
  app.get(
    '/api/v1/system/backups',
    {
      schema: {
        tags: ['system'],
        summary: 'Database backups in the data directory, newest first.',
        response: { 200: z.array(backupView) },
      },
    },
    async () =>
      (await backups.list()).map((file) => ({
        name: file.name,
        size: file.size,
        date: new Date(file.createdAt).toISOString(),
      })),
  );
  app.post(
    '/api/v1/system/backups',
    {
      config: { admin: true },
      schema: {
        tags: ['system'],
        summary: 'Back the database up now (SQLite).',
        response: { 201: backupView },
      },
    },
    async (_request, reply) => {
      const file = await backups.run();
      return reply
        .status(201)
        .send({ name: file.name, size: file.size, date: new Date(file.createdAt).toISOString() });
    },
  );
};
