/** Small helpers shared by the Generation API handlers: JSON answers and typed errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
    /** Sent with the answer, e.g. Retry-After on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...headers, "content-type": "application/json", "cache-control": "no-store" },
  });
}

export function errorResponse(error: ApiError): Response {
  return json({ detail: error.detail, ...error.extra }, error.status, error.headers);
}

export const notFound = (what = "Not found.") => new ApiError(404, what);

/** Request bodies above this are refused before parsing (10,000 full jobs fit well inside). */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

export async function readJson(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const reader = request.body?.getReader();
  if (!reader) throw new ApiError(400, "The request needs a JSON body.");
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text.trim()) throw new ApiError(400, "The request needs a JSON body.");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, `The body is not valid JSON: ${(error as Error).message}`);
  }
}

function tooLarge(): ApiError {
  return new ApiError(413, `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB. Split the batch into smaller ones.`);
}

export function parseTime(value: string | null, name: string): Date | undefined {
  if (value === null || value === "") return undefined;
  const date = new Date(value);
  // JavaScript dates reach ±275,760 years; Postgres refused years 0 and below and past 294,276
  // inside the query (a 500). Years 1 to 9999 are every time anyone means.
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 1 || year > 9999) throw new ApiError(400, `${name} must be an ISO 8601 time from year 1 to 9999, like 2026-01-31T12:00:00Z.`);
  return date;
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
