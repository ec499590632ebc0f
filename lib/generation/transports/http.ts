import { GenerationApiError } from "../errors";
import type { FetchResultOptions, Transport, TransportRequest, TransportResponse } from "../transport";

export interface HttpTransportOptions {
  baseUrl: string;
  token: string;
  timeoutMs?: number;
  /** Extra tries after the first, for idempotent calls only. */
  retries?: number;
  retryDelayMs?: number;
}

/**
 * A Generation API elsewhere, over HTTP with `Authorization: Token`. Reads are retried on
 * network errors and 5xx; a POST is sent once unless the caller marked it idempotent,
 * because sending a batch twice would create two.
 */
export class HttpTransport implements Transport {
  readonly kind = "http" as const;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;

  constructor(private readonly options: HttpTransportOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.retries = options.retries ?? 2;
    this.retryDelayMs = options.retryDelayMs ?? 300;
  }

  async send(request: TransportRequest): Promise<TransportResponse> {
    const tries = request.idempotent ? this.retries + 1 : 1;
    let last: GenerationApiError | undefined;
    for (let attempt = 1; attempt <= tries; attempt++) {
      try {
        const response = await this.once(request);
        if (response.status >= 500 && attempt < tries) {
          last = new GenerationApiError("unavailable", `The Generation API answered ${response.status}.`, response.status);
        } else {
          return response;
        }
      } catch (error) {
        last = error instanceof GenerationApiError ? error : new GenerationApiError("unavailable", String(error));
        if (attempt >= tries) throw last;
      }
      await new Promise((r) => setTimeout(r, this.retryDelayMs * 2 ** (attempt - 1)));
    }
    throw last!;
  }

  /**
   * Result links are signed: no token is sent, so it never leaks to whatever serves them. The
   * time limit covers the wait for the response to start; after that the bytes may take as
   * long as the reader takes them, and a stalled body is ended by undici's own body timeout.
   */
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the guarded client applies them
  async fetchResult(url: string, options: FetchResultOptions = {}): Promise<ReadableStream<Uint8Array>> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error(`no answer within ${this.timeoutMs * 8} ms`)), this.timeoutMs * 8);
    let response: Response;
    try {
      response = await fetch(url, { redirect: "follow", signal: abort.signal });
    } catch (error) {
      throw new GenerationApiError("unavailable", `Could not fetch a result from ${new URL(url).origin}: ${(error as Error).message}.`);
    } finally {
      clearTimeout(timer);
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new GenerationApiError(response.status === 404 ? "not_found" : "unavailable", `The result could not be fetched (HTTP ${response.status}).`, response.status);
    }
    return response.body;
  }

  private async once(request: TransportRequest): Promise<TransportResponse> {
    const url = new URL(request.path.replace(/^\//, ""), this.options.baseUrl.replace(/\/?$/, "/"));
    let response: Response;
    try {
      response = await fetch(url, {
        method: request.method,
        headers: {
          authorization: `Token ${this.options.token}`,
          accept: "application/json",
          ...(request.body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        redirect: "error",
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const name = (error as Error).name;
      if (name === "TimeoutError" || name === "AbortError") {
        throw new GenerationApiError("timeout", `The Generation API at ${url.origin} did not answer within ${Math.round(this.timeoutMs / 1000)} s.`);
      }
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new GenerationApiError("unavailable", `Could not reach the Generation API at ${url.origin}${cause ? ` (${cause})` : ""}.`);
    }
    const text = await response.text();
    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        if (response.status < 500) throw new GenerationApiError("invalid_response", `The Generation API at ${url.origin} answered with something that is not JSON (HTTP ${response.status}).`, response.status);
      }
    }
    return { status: response.status, body };
  }
}
