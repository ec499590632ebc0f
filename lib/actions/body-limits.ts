import { MAX_RECIPE_BYTES } from "@/lib/generation/recipe-schema";

/**
 * How much each server action may receive. Next parses an action's whole body before any of our
 * code runs, up to `serverActions.bodySizeLimit` (next.config.js), the same for every action; the
 * wrappers in safe-action.ts then refuse a form above its own action's limit before reading the
 * session or the fields. Isomorphic, so the editor can check a recipe before sending it.
 */

/** Every form but the recipe's: names, e-mails, passwords, ids, a URL and a token. */
export const DEFAULT_ACTION_BYTES = 64 * 1024;

/** Room for the fields beside the recipe (ids, the idempotency key) and React's own entries. */
const RECIPE_FORM_OVERHEAD = 64 * 1024;

/** The actions that carry a recipe, pasted job list included: save, estimate and submit. */
export const RECIPE_ACTION_BYTES = MAX_RECIPE_BYTES + RECIPE_FORM_OVERHEAD;

/**
 * What next.config.js's `bodySizeLimit` must at least allow: the largest action limit plus the
 * multipart framing around it (boundaries and part headers, well under 1 KB for these forms).
 * tests/unit/action-body-limits.test.ts holds the config to this.
 */
export const LARGEST_ACTION_BODY = RECIPE_ACTION_BYTES + 16 * 1024;

/** UTF-8 length without allocating the encoded copy of a 10 MB string; here and in the browser. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // 2 bytes up to U+07FF, 3 up to U+FFFF, 4 for a surrogate pair (2 code units: +1 each).
    if (code >= 0x80) bytes += code >= 0xd800 && code <= 0xdfff ? 1 : code >= 0x800 ? 2 : 1;
  }
  return bytes;
}

/** The bytes a form's fields hold: names and values as UTF-8, files by their size. */
export function formDataBytes(form: FormData): number {
  let bytes = 0;
  for (const [name, value] of form.entries()) bytes += utf8Length(name) + (typeof value === "string" ? utf8Length(value) : value.size);
  return bytes;
}

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(Math.ceil((bytes / 1024 / 1024) * 10) / 10).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

/** The sentence for a form above its action's limit, or null. */
export function formSizeProblem(bytes: number, limit: number): string | null {
  if (bytes <= limit) return null;
  return `This form sent ${size(bytes)}, more than it may hold (${size(limit)}). Nothing was changed.`;
}

/**
 * An action that refuses a form above `limit` first of all: before the session is read and
 * before a field is parsed. Next has already read the body (up to the global `bodySizeLimit`);
 * this keeps the work, and whatever it stores, to what the action needs. Anything but FormData
 * (a crafted call) is refused as unreadable. A refusal is `{ ok: false, message }`, which every
 * form action's state (safe-action's ActionState: all else optional) can hold.
 */
export function withBodyLimit<P, R extends { ok: boolean; message?: string }>(limit: number, action: (prev: P, formData: FormData) => Promise<R>): (prev: P, formData: FormData) => Promise<R> {
  const refuse = (message: string) => ({ ok: false, message }) as R;
  return async (prev, formData) => {
    if (!(formData instanceof FormData)) return refuse("The form could not be read. Reload the page and try again.");
    const problem = formSizeProblem(formDataBytes(formData), limit);
    return problem ? refuse(problem) : action(prev, formData);
  };
}
