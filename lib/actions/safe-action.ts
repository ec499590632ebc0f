import "server-only";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { can, type Permission } from "@/lib/auth/permissions";
import { sessionClaims } from "@/lib/auth/session-user";
import { isPortalError } from "@/lib/errors";
import { lookupSessionMember, type ActingMember } from "@/lib/portal/member";
import { requestMeta } from "@/lib/portal/session";
import { sessionEpochOf } from "@/lib/portal/session-epoch";
import { DEFAULT_ACTION_BYTES, withBodyLimit } from "./body-limits";

/** What every form action answers: a message for the form and errors per field. */
export interface ActionState<T = unknown> {
  ok: boolean;
  message?: string;
  fieldErrors?: Record<string, string[]>;
  data?: T;
}

type Input<S extends z.ZodType> = z.output<S>;

function formToObject(formData: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("$ACTION")) continue;
    out[key] = value;
  }
  return out;
}

function parse<S extends z.ZodType>(schema: S, formData: FormData): { ok: true; data: Input<S> } | { ok: false; state: ActionState } {
  const result = schema.safeParse(formToObject(formData));
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return { ok: false, state: { ok: false, message: "Please correct the highlighted fields.", fieldErrors } };
}

/** Maps anything thrown by the work to what the form shows; internals are only logged. */
function failure(error: unknown): ActionState {
  unstable_rethrow(error); // redirect() and notFound() must reach Next untouched
  if (isPortalError(error)) {
    const fieldErrors: Record<string, string[]> = {};
    if (error.field) fieldErrors[error.field] = [error.message];
    for (const [field, message] of Object.entries(error.fields ?? {})) (fieldErrors[field] ??= []).push(message);
    return { ok: false, message: error.message, fieldErrors: Object.keys(fieldErrors).length ? fieldErrors : undefined };
  }
  console.error("[action] unexpected error", error);
  return { ok: false, message: "Something went wrong on our side. Nothing was changed; please try again." };
}

type Work<S extends z.ZodType, T, Who> = (input: Input<S>, who: Who) => Promise<ActionState<T> | void>;

const SESSION_ENDED: ActionState = { ok: false, message: "Your session has ended. Sign in again." };

/** For forms anyone may post (sign-up, sign-in): size, input parsing and error mapping only. */
export function publicAction<S extends z.ZodType, T>(schema: S, work: Work<S, T, undefined>, options: { maxBytes?: number } = {}) {
  return withBodyLimit(options.maxBytes ?? DEFAULT_ACTION_BYTES, async (_prev: ActionState<T> | null, formData: FormData): Promise<ActionState<T>> => {
    const parsed = parse(schema, formData);
    if (!parsed.ok) return parsed.state as ActionState<T>;
    try {
      return (await work(parsed.data, undefined)) ?? { ok: true };
    } catch (error) {
      return failure(error) as ActionState<T>;
    }
  });
}

/** For a signed-in user who may not be acting in a team yet (accepting an invitation). */
export function userAction<S extends z.ZodType, T>(schema: S, work: Work<S, T, { userId: string }>, options: { maxBytes?: number } = {}) {
  return withBodyLimit(options.maxBytes ?? DEFAULT_ACTION_BYTES, async (_prev: ActionState<T> | null, formData: FormData): Promise<ActionState<T>> => {
    const session = await sessionClaims();
    // No member is loaded here, so the epoch is read on its own: a session ended elsewhere acts no more.
    if (!session || (await sessionEpochOf(session.userId)) !== session.epoch) return SESSION_ENDED as ActionState<T>;
    const parsed = parse(schema, formData);
    if (!parsed.ok) return parsed.state as ActionState<T>;
    try {
      return (await work(parsed.data, { userId: session.userId })) ?? { ok: true };
    } catch (error) {
      return failure(error) as ActionState<T>;
    }
  });
}

/**
 * The one path for team mutations: size → session → zod-parsed input → membership, role and
 * the session's epoch (one query) → the work. The work calls the data layer, which checks the
 * role again and writes the audit event in the same transaction as the change. `maxBytes` is
 * the action's body limit (`DEFAULT_ACTION_BYTES` unless it carries a recipe: see body-limits.ts).
 */
export function memberAction<S extends z.ZodType, T>(
  options: { schema: S; permission: Permission; deniedMessage?: string; maxBytes?: number },
  work: Work<S, T, ActingMember>,
) {
  return withBodyLimit(options.maxBytes ?? DEFAULT_ACTION_BYTES, async (_prev: ActionState<T> | null, formData: FormData): Promise<ActionState<T>> => {
    const session = await sessionClaims();
    if (!session) return SESSION_ENDED as ActionState<T>;
    const parsed = parse(options.schema, formData);
    if (!parsed.ok) return parsed.state as ActionState<T>;
    try {
      const found = await lookupSessionMember(session.userId, session.epoch, await requestMeta());
      if (found.status === "ended") return SESSION_ENDED as ActionState<T>;
      if (found.status === "no_team") return { ok: false, message: "You are not a member of any team." };
      const member = found.member;
      if (!can(member.role, options.permission)) {
        return { ok: false, message: options.deniedMessage ?? "Your role does not allow this action." };
      }
      return (await work(parsed.data, member)) ?? { ok: true };
    } catch (error) {
      return failure(error) as ActionState<T>;
    }
  });
}
