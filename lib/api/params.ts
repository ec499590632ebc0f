import type { z } from "zod";
import { PortalError } from "@/lib/errors";
import { uuidSchema } from "@/lib/validation";

/** A malformed id names no batch of anyone's: the same 404 as another team's id. */
export function batchIdParam(params: Record<string, string>): string {
  const parsed = uuidSchema.safeParse(params.id);
  if (!parsed.success) throw new PortalError("not_found:batch", "That batch does not exist, or it belongs to another team.");
  return parsed.data;
}

export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const parsed = schema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PortalError("bad_request:query", `The query parameter "${String(issue.path[0])}" is not valid: ${issue.message}.`);
  }
  return parsed.data;
}
