import type { APIRequestContext, APIResponse } from "@playwright/test";

/** One request of a cell, as a browser or a script would send it. */
export interface Probe {
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  /** multipart/form-data fields in order (a server action's encoded arguments: the order matters, see `actionProbe`). */
  multipart?: [string, string][];
  /** A raw body with its content type. */
  body?: { contentType: string; text: string };
  /** A JSON body. */
  json?: unknown;
}

/** What came back, read once: the body as text unless it is a file. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  contentType: string;
  /** The body for text-like answers (HTML, JSON, CSV, RSC); "" for files. */
  text: string;
  bytes: number;
  /** For a server action: its decoded return value, or null when the answer carried none. */
  action: ActionAnswer | null;
}

export interface ActionAnswer {
  ok?: boolean;
  message?: string;
  fieldErrors?: Record<string, string[]>;
  data?: unknown;
}

const TEXTUAL = /^(text\/|application\/(json|javascript|x-component)|image\/svg)/;

/**
 * A server action exactly as React's `encodeReply` sends `action(null, formData)` from the
 * browser: a POST to the page the action lives on, the action's id in `Next-Action`, the form's
 * fields under the prefix of argument reference 1, and the argument list `[null, "$K1"]` (the
 * previous state, then a reference to the form data) in field "0".
 */
export function actionProbe(actionId: string, page: string, fields: Record<string, string> | null, origin: string): Probe {
  const headers = { "next-action": actionId, accept: "text/x-component", origin };
  if (fields === null) return { method: "POST", path: page, headers, body: { contentType: "text/plain;charset=UTF-8", text: "[]" } };
  // The argument list comes last, as React writes it: the server decodes "$K1" when it reads
  // field "0", from the fields that arrived before it.
  const multipart = Object.entries(fields).map(([name, value]): [string, string] => [`_1_${name}`, value]);
  multipart.push(["0", JSON.stringify([null, "$K1"])]);
  return { method: "POST", path: page, headers, multipart };
}

/**
 * The action's return value from a React Flight answer: row 0 is Next's envelope, whose `a`
 * points at the row holding the value ("$@1"). Rows are `<hex id>:<json>` lines.
 */
export function decodeActionAnswer(text: string): ActionAnswer | null {
  const rows = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^([0-9a-f]+):(.*)$/.exec(line);
    if (match) rows.set(match[1]!, match[2]!);
  }
  const root = rows.get("0");
  if (!root) return null;
  try {
    let value = (JSON.parse(root) as { a?: unknown }).a;
    if (typeof value === "string" && value.startsWith("$@")) value = JSON.parse(rows.get(value.slice(2)) ?? "null");
    return value && typeof value === "object" ? (value as ActionAnswer) : null;
  } catch {
    return null;
  }
}

export async function send(api: APIRequestContext, probe: Probe): Promise<Answer> {
  const options = { headers: probe.headers, maxRedirects: 0, failOnStatusCode: false, timeout: 60_000 };
  let response: APIResponse;
  if (probe.method === "GET") response = await api.get(probe.path, options);
  else if (probe.multipart) {
    // A FormData keeps the fields' order; a plain object would put the integer-like "0" first.
    const form = new FormData();
    for (const [name, value] of probe.multipart) form.append(name, value);
    response = await api.post(probe.path, { ...options, multipart: form });
  }
  else if (probe.body) response = await api.post(probe.path, { ...options, headers: { ...probe.headers, "content-type": probe.body.contentType }, data: probe.body.text });
  else if (probe.json !== undefined) response = await api.post(probe.path, { ...options, data: probe.json });
  else response = await api.post(probe.path, options);
  const headers = response.headers();
  const contentType = headers["content-type"] ?? "";
  const body = await response.body();
  const text = TEXTUAL.test(contentType) || contentType === "" ? body.toString("utf8") : "";
  const isAction = Boolean(probe.headers?.["next-action"]) && contentType.startsWith("text/x-component");
  return { status: response.status(), headers, contentType, text, bytes: body.length, action: isAction ? decodeActionAnswer(text) : null };
}
