import { outboundConfig } from "@/lib/config/env";
import { describeBytes } from "@/lib/format/bytes";
import { describeSeconds, type OutboundError } from "@/lib/net/errors";
import { outboundRequest, type OutboundResponse } from "@/lib/net/outbound";
import { GenerationApiError } from "../errors";
import { rangeHeader, rangedResult } from "../result-range";
import type { FetchResultOptions, RangedResult, ResultRange, Transport, TransportRequest, TransportResponse } from "../transport";

export interface HttpTransportOptions {
  baseUrl: string;
  token: string;
  /** Each API call, whole; a result fetch gets eight times as long for its response to start. */
  timeoutMs?: number;
  /** Extra tries after the first, for idempotent calls only. */
  retries?: number;
  retryDelayMs?: number;
  /** The longest pause while a result arrives. */
  resultIdleTimeoutMs?: number;
}

/** The contract's answers are small JSON documents: this is far above any real one. */
export const MAX_API_ANSWER_BYTES = 32 * 1024 * 1024;

/**
 * The guard's errors as Generation API errors, in the words of whoever reads a status page.
 * Refused addresses and names that do not resolve read alike (see OutboundError).
 */
function generationError(error: OutboundError, what: "api" | "result"): GenerationApiError {
  const { origin, status, code, location, limit } = error.details;
  const subject = what === "api" ? `the Generation API at ${origin}` : `a result from ${origin}`;
  const Subject = subject[0]!.toUpperCase() + subject.slice(1);
  switch (error.reason) {
    case "refused_url":
    case "refused_address":
      return new GenerationApiError("refused", error.message);
    case "connect_failed":
      return new GenerationApiError("unavailable", what === "api" ? `Could not reach the Generation API at ${origin} (${code}).` : `Could not fetch a result from ${origin} (${code}).`);
    case "timeout":
      return new GenerationApiError("timeout", `${Subject} did not answer within ${describeSeconds(limit ?? 0)}.`);
    case "body_timeout":
      return new GenerationApiError("timeout", `${Subject} stopped arriving: nothing came for ${describeSeconds(limit ?? 0)}.`, status);
    case "too_large":
      return new GenerationApiError(
        "invalid_response",
        what === "api"
          ? `The Generation API at ${origin} sent an answer larger than ${describeBytes(limit ?? 0)}; the portal stops reading there.`
          : `A result from ${origin} is larger than ${describeBytes(limit ?? 0)} (RESULT_MAX_BYTES); the portal stops reading there.`,
        status,
      );
    case "redirect":
      return new GenerationApiError(
        "invalid_response",
        what === "api"
          ? `The Generation API at ${origin} answered with a redirect (HTTP ${status}${location ? ` to ${location}` : ""}). The portal does not follow redirects: enter the address it redirects to.`
          : `A result link on ${origin} answered with a redirect (HTTP ${status}${location ? ` to ${location}` : ""}); the portal does not follow redirects from result links.`,
        status,
      );
    case "aborted":
      return new GenerationApiError("unavailable", `The request to ${origin} was cancelled.`);
    case "failed":
      return new GenerationApiError("unavailable", `${Subject} broke off (${code}).`, status);
  }
}

/**
 * A Generation API elsewhere, over HTTP with `Authorization: Token`, through the outbound
 * guard (`lib/net`): no private address unless OUTBOUND_ALLOW lists it, no redirects, time
 * limits and byte caps. Reads are retried on network errors and 5xx; a POST is sent once
 * unless the caller marked it idempotent, because sending a batch twice would create two.
 */
export class HttpTransport implements Transport {
  readonly kind = "http" as const;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly resultIdleTimeoutMs: number;
  private readonly base: URL;

  constructor(private readonly options: HttpTransportOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.retries = options.retries ?? 2;
    this.retryDelayMs = options.retryDelayMs ?? 300;
    this.resultIdleTimeoutMs = options.resultIdleTimeoutMs ?? 60_000;
    this.base = new URL(options.baseUrl.replace(/\/?$/, "/"));
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
        // A refusal or a wrong answer stays one: only outages are worth another try.
        if (attempt >= tries || !last.transient) throw last;
      }
      await new Promise((r) => setTimeout(r, this.retryDelayMs * 2 ** (attempt - 1)));
    }
    throw last!;
  }

  /**
   * Result links are signed: no token is sent, so it never leaks to whatever serves them. The
   * link must be on the API's own origin or on a storage origin the deployment allows
   * (RESULT_ORIGINS): the upstream chooses these URLs, and would otherwise choose any host.
   * The wait for the response to start is limited; after that the bytes may take as long as
   * the reader takes them, as long as they keep coming, up to RESULT_MAX_BYTES (or less).
   */
  async fetchResult(url: string, options: FetchResultOptions = {}): Promise<ReadableStream<Uint8Array>> {
    const response = await this.resultRequest(url, options);
    if (response.status < 200 || response.status >= 300) {
      await response.body.cancel();
      throw new GenerationApiError(response.status === 404 ? "not_found" : "unavailable", `The result could not be fetched (HTTP ${response.status}).`, response.status);
    }
    return response.body;
  }

  /** Part of a result (the gallery reads one file through the zip's central directory), under the same rules. */
  async fetchResultRange(url: string, range: ResultRange, options: FetchResultOptions = {}): Promise<RangedResult> {
    const response = await this.resultRequest(url, options, { range: rangeHeader(range) });
    const header = (name: string) => {
      const value = response.headers[name];
      return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
    };
    return rangedResult({ status: response.status, headers: { get: header }, body: response.body }, range);
  }

  private async resultRequest(url: string, options: FetchResultOptions, headers?: Record<string, string>): Promise<OutboundResponse> {
    const config = outboundConfig();
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      throw new GenerationApiError("invalid_response", "The Generation API gave a result link that is not a URL.");
    }
    if (origin !== this.base.origin && !config.resultOrigins.includes(origin)) {
      throw new GenerationApiError(
        "refused",
        `The Generation API gave a result link on ${origin}, which is neither its own address (${this.base.origin}) nor a storage origin listed in RESULT_ORIGINS; the portal does not fetch it.`,
      );
    }
    return outboundRequest(url, {
      headers,
      maxBytes: Math.min(options.maxBytes ?? Infinity, config.resultMaxBytes),
      headersTimeoutMs: this.timeoutMs * 8,
      bodyTimeoutMs: this.resultIdleTimeoutMs,
      signal: options.signal,
      errorFor: (error) => generationError(error, "result"),
    });
  }

  private async once(request: TransportRequest): Promise<TransportResponse> {
    const url = new URL(request.path.replace(/^\//, ""), this.base);
    const response = await outboundRequest(url, {
      method: request.method,
      headers: {
        authorization: `Token ${this.options.token}`,
        accept: "application/json",
        ...(request.body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      maxBytes: MAX_API_ANSWER_BYTES,
      headersTimeoutMs: this.timeoutMs,
      bodyTimeoutMs: this.timeoutMs,
      totalTimeoutMs: this.timeoutMs,
      errorFor: (error) => generationError(error, "api"),
    });
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
