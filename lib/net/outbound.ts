import "server-only";
import { Agent, request, type Dispatcher } from "undici";
import { guardedConnector } from "./connector";
import { isOutboundError, OutboundError, outboundErrors } from "./errors";

/**
 * The one HTTP client for everything the server fetches on a user's behalf (a team's
 * Generation API, the result links it hands out). Every connection goes through the guarded
 * connector; redirects are refused, never followed; every phase has a time limit and every
 * body a byte cap, counted as it streams.
 */
export interface OutboundRequest {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** The body is refused past this many bytes, declared (Content-Length) or counted. */
  maxBytes: number;
  /** From the start (DNS and connect included) until the status line and headers have arrived. */
  headersTimeoutMs: number;
  /** The longest pause while the body arrives. A reader that stops reading pauses the socket without tripping it. */
  bodyTimeoutMs: number;
  /** The whole exchange, body included: for answers read whole. */
  totalTimeoutMs?: number;
  /** The caller's own end (the client left). */
  signal?: AbortSignal;
  /** Turns the guard's errors into the caller's own, for those thrown here and those the body stream raises. */
  errorFor?: (error: OutboundError) => Error;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as it arrives; cancelling it drops the connection. */
  body: ReadableStream<Uint8Array>;
  /** The body read whole (it is small: within `maxBytes`) as UTF-8. */
  text(): Promise<string>;
}

const AGENT_SLOT = Symbol.for("infinity.net.outbound-agent");
const slot = globalThis as unknown as Record<symbol, Agent | undefined>;

/** One pool for the process: Next bundles this module more than once, the sockets need not be. */
function agent(): Agent {
  slot[AGENT_SLOT] ??= new Agent({ connect: guardedConnector(), keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 });
  return slot[AGENT_SLOT];
}

/** undici's and the system's errors, as the guard's own. `phase` says whether a status had arrived. */
function asOutboundError(error: unknown, origin: string, options: OutboundRequest, status?: number): OutboundError {
  if (isOutboundError(error)) return error;
  const code = (error as { code?: string } | null)?.code ?? (error as { cause?: { code?: string } } | null)?.cause?.code;
  if (code === "UND_ERR_BODY_TIMEOUT") return outboundErrors.bodyTimeout(origin, options.bodyTimeoutMs, status);
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_CONNECT_TIMEOUT") return outboundErrors.timeout(origin, options.headersTimeoutMs);
  if (code === "UND_ERR_ABORTED" || (error as Error | null)?.name === "AbortError") return outboundErrors.aborted(origin);
  const label = code === "UND_ERR_SOCKET" ? "closed by the other side" : (code ?? (error as Error | null)?.name ?? "unknown error");
  return status === undefined ? outboundErrors.connectFailed(origin, label) : outboundErrors.failed(origin, label, status);
}

function originOfLocation(location: string | string[] | undefined, base: URL): string | undefined {
  const value = Array.isArray(location) ? location[0] : location;
  if (!value) return undefined;
  try {
    return new URL(value, base).origin;
  } catch {
    return undefined;
  }
}

export async function outboundRequest(target: string | URL, options: OutboundRequest): Promise<OutboundResponse> {
  const fail = (error: OutboundError): Error => (options.errorFor ? options.errorFor(error) : error);
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw fail(outboundErrors.refusedUrl(String(target)));
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.username || url.password) throw fail(outboundErrors.refusedUrl(url.protocol));
  const origin = url.origin;

  // One controller ends the exchange for every reason; its reason is the error reported.
  const end = new AbortController();
  const headersTimer = setTimeout(() => end.abort(outboundErrors.timeout(origin, options.headersTimeoutMs)), options.headersTimeoutMs);
  const totalTimer = options.totalTimeoutMs === undefined ? undefined : setTimeout(() => end.abort(outboundErrors.timeout(origin, options.totalTimeoutMs!)), options.totalTimeoutMs);
  const onCallerAbort = () => end.abort(outboundErrors.aborted(origin));
  if (options.signal?.aborted) onCallerAbort();
  options.signal?.addEventListener("abort", onCallerAbort, { once: true });
  const finish = () => {
    clearTimeout(headersTimer);
    clearTimeout(totalTimer);
    options.signal?.removeEventListener("abort", onCallerAbort);
  };

  let response: Dispatcher.ResponseData;
  try {
    response = await request(url, {
      dispatcher: agent(),
      method: options.method ?? "GET",
      headers: options.headers,
      body: options.body,
      signal: end.signal,
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.bodyTimeoutMs,
    });
  } catch (error) {
    finish();
    throw fail(asOutboundError(end.signal.aborted ? end.signal.reason : error, origin, options));
  }
  clearTimeout(headersTimer);
  const { statusCode: status, headers, body } = response;
  // Dropping a body early makes undici's stream emit an abort error; that is the point, not a failure.
  body.on("error", () => undefined);
  const refuse = (error: OutboundError): never => {
    finish();
    body.destroy();
    throw fail(error);
  };
  if (status >= 300 && status < 400) refuse(outboundErrors.redirect(origin, status, originOfLocation(headers.location, url)));
  const declared = Number(headers["content-length"]);
  if (Number.isFinite(declared) && declared > options.maxBytes) refuse(outboundErrors.tooLarge(origin, options.maxBytes, status));

  const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let received = 0;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) {
          finish();
          controller.close();
          return;
        }
        received += next.value.byteLength;
        if (received > options.maxBytes) throw outboundErrors.tooLarge(origin, options.maxBytes, status);
        controller.enqueue(next.value);
      } catch (error) {
        finish();
        body.destroy();
        controller.error(fail(asOutboundError(end.signal.aborted ? end.signal.reason : error, origin, options, status)));
      }
    },
    cancel() {
      finish();
      body.destroy();
    },
  });

  return {
    status,
    headers,
    body: stream,
    async text() {
      const parts: Uint8Array[] = [];
      for await (const part of stream as unknown as AsyncIterable<Uint8Array>) parts.push(part);
      return Buffer.concat(parts).toString("utf8");
    },
  };
}
