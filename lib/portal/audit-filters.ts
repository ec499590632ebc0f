import { z } from "zod";

const empty = (v: unknown) => (v === "" ? undefined : v);
const day = z.preprocess(empty, z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional()).catch(undefined);

/**
 * The audit filters as they arrive in a URL (the page and the CSV export read the same ones).
 * Anything malformed is dropped rather than refused: it is a filter, not a form.
 */
export const auditFiltersSchema = z.object({
  actor: z.preprocess(empty, z.uuid().optional()).catch(undefined),
  action: z.preprocess(empty, z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/).max(100).optional()).catch(undefined),
  from: day,
  to: day,
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

export type AuditFilterParams = z.infer<typeof auditFiltersSchema>;

/** The filters as a query string, without empty values (and without the page unless given). */
export function auditQuery(filters: AuditFilterParams, page?: number): string {
  const entries = Object.entries({ ...filters, page: page === undefined ? undefined : String(page) }).filter(
    (e): e is [string, string] => typeof e[1] === "string" && e[1] !== "",
  );
  return new URLSearchParams(entries).toString();
}
