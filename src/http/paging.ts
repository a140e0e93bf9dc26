// The one shape of a paged list: `?page=1&pageSize=50` in, `{ page, pageSize, … }` out.
import { z } from 'zod';

export const pagingQuery = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
};

export function pageWindow({ page, pageSize }: { page: number; pageSize: number }): {
  limit: number;
  offset: number;
} {
  return { limit: pageSize, offset: (page - 1) * pageSize };
}
