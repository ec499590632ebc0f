/**
 * Values someone sent, as the engine's and the portal's parameter checks judge and show them.
 */

/**
 * NUL, or half of a surrogate pair: text that Postgres cannot hold in a JSON document (jsonb
 * refuses `\u0000` and an unpaired `\ud800`), nor NUL in a text column. Refused with the other
 * mistakes instead of failing the insert.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/*
 * How a message shows a value: text quoted, numbers and booleans plain, lists and objects as
 * short JSON, everything cut to a length a message can hold.
 *
 * Not JSON.stringify: a value from a request may be megabytes long or nested thousands of levels
 * deep. JSON.stringify then builds the whole text first, or gives up with a RangeError (which
 * escaped as a 500) after about 20 ms of CPU per value, so a batch of such values could hold
 * the event loop for minutes. This looks at a few items of two levels only.
 */

const SHOWN_LENGTH = 60;
const ITEMS = 5;
const LEVELS = 2;

/** Text cut to a length a message can show. */
export function shortText(text: string): string {
  return text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH - 1)}…` : text;
}

function preview(value: unknown, level: number): string {
  if (typeof value === "string") return JSON.stringify(value.length > SHOWN_LENGTH ? value.slice(0, SHOWN_LENGTH) : value);
  if (value === null || typeof value !== "object") return String(value);
  if (level >= LEVELS) return Array.isArray(value) ? "[…]" : "{…}";
  const parts: string[] = [];
  if (Array.isArray(value)) {
    for (let i = 0; i < Math.min(value.length, ITEMS); i++) parts.push(preview(value[i], level + 1));
    if (value.length > ITEMS) parts.push("…");
    return `[${parts.join(",")}]`;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (parts.length === ITEMS) {
      parts.push("…");
      break;
    }
    parts.push(`${JSON.stringify(shortText(key))}:${preview((value as Record<string, unknown>)[key], level + 1)}`);
  }
  return `{${parts.join(",")}}`;
}

/** A value as a message shows it: `"GYM_2"`, `2.5`, `[1,[…]]`, at most 60 characters. */
export function shownValue(value: unknown): string {
  return shortText(preview(value, 0));
}
