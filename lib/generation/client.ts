import type { z } from "zod";
import * as contract from "./contract";
import { GenerationApiError } from "./errors";
import type { FetchResultOptions, JobResult, RangedResult, ResultFile, ResultRange, Transport, TransportRequest } from "./transport";
import { openBuiltInResult } from "./transports/in-process";

/**
 * The portal's only way to the Generation API. Same methods whichever transport carries
 * them; every answer is checked against the contract.
 */
export class GenerationClient {
  constructor(readonly transport: Transport) {}

  private async call<S extends z.ZodType>(schema: S, request: TransportRequest): Promise<z.output<S>> {
    const { status, body } = await this.transport.send(request);
    if (status >= 200 && status < 300) {
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        throw new GenerationApiError("invalid_response", `The Generation API's answer to ${request.method} ${request.path} does not match the contract: ${parsed.error.issues[0]?.message}.`, status);
      }
      return parsed.data;
    }
    const error = contract.errorBodySchema.safeParse(body);
    const detail = error.success ? error.data.detail : `HTTP ${status}`;
    if (status === 401 || status === 403) throw new GenerationApiError("unauthorized", `The Generation API refused our token: ${detail}`, status);
    if (status === 404) throw new GenerationApiError("not_found", detail, status);
    if (status >= 500) throw new GenerationApiError("unavailable", `The Generation API failed (HTTP ${status}): ${detail}`, status);
    throw new GenerationApiError("rejected", detail, status, error.success ? error.data.job_errors : undefined);
  }

  listGenerators() {
    return this.call(contract.generatorSummarySchema.array(), { method: "GET", path: "/api/jobs/", idempotent: true });
  }

  getGenerator(name: string) {
    return this.call(contract.generatorSpecSchema, { method: "GET", path: `/api/jobs/${encodeURIComponent(name)}/`, idempotent: true });
  }

  estimate(batch: contract.BatchRequest) {
    return this.call(contract.estimateSchema, { method: "POST", path: "/api/batch/estimate/", body: batch, idempotent: true });
  }

  /** Not retried: a second POST would be a second batch. */
  createBatch(batch: contract.BatchRequest) {
    return this.call(contract.createdBatchSchema, { method: "POST", path: "/api/batch/", body: batch, idempotent: false });
  }

  listBatches(window: { start?: Date; end?: Date } = {}) {
    const query = new URLSearchParams();
    if (window.start) query.set("start_time", window.start.toISOString());
    if (window.end) query.set("end_time", window.end.toISOString());
    const suffix = query.size ? `?${query}` : "";
    return this.call(contract.batchListSchema, { method: "GET", path: `/api/batch/${suffix}`, idempotent: true });
  }

  getBatch(id: string) {
    return this.call(contract.batchSchema, { method: "GET", path: `/api/batch/${encodeURIComponent(id)}/`, idempotent: true });
  }

  summary(id: string) {
    return this.call(contract.summarySchema, { method: "GET", path: `/api/batch/${encodeURIComponent(id)}/summary/`, idempotent: true });
  }

  /** Cancelling twice cancels nothing more, so it is safe to retry. */
  cancel(id: string) {
    return this.call(contract.cancelResultSchema, { method: "POST", path: `/api/batch/${encodeURIComponent(id)}/cancel/`, idempotent: true });
  }

  retryFailed(id: string) {
    return this.call(contract.retryResultSchema, { method: "POST", path: `/api/batch/${encodeURIComponent(id)}/retry/`, idempotent: false });
  }

  /** A finished job's zip as its `result_url` answers it, passed on as it arrives: memory holds a few chunks, not the job. */
  streamResult(resultUrl: string, options?: FetchResultOptions): Promise<ReadableStream<Uint8Array>> {
    return this.transport.fetchResult(resultUrl, options);
  }

  /**
   * Some bytes of that zip (its central directory, one entry), when the transport can ask for
   * ranges and the server honours them; otherwise the whole zip, as from a server that ignores
   * Range (`partial: null`), for the caller to read front to back.
   */
  async fetchResultRange(resultUrl: string, range: ResultRange, options?: FetchResultOptions): Promise<RangedResult> {
    if (this.transport.fetchResultRange) return this.transport.fetchResultRange(resultUrl, range, options);
    return { body: await this.transport.fetchResult(resultUrl, options), partial: null };
  }

  /**
   * A finished job's files straight from storage, when the built-in engine in this process
   * signed the link and holds the job; null for any other link (a remote upstream's).
   */
  async builtInResult(resultUrl: string): Promise<ResultFile[] | null> {
    return this.transport.kind === "http" ? null : openBuiltInResult(resultUrl);
  }

  /**
   * A finished job's files, each to be read as it is sent, when the built-in engine in this
   * process signed the link and holds the job; otherwise (a remote upstream's link) the zip its
   * `result_url` answers, as it arrives.
   */
  async openResult(resultUrl: string, options?: FetchResultOptions): Promise<JobResult> {
    const files = await this.builtInResult(resultUrl);
    if (files) return { kind: "files", files };
    return { kind: "zip", body: await this.streamResult(resultUrl, options) };
  }

  counts(window: { start?: Date; end?: Date } = {}) {
    const query = new URLSearchParams();
    if (window.start) query.set("start_time", window.start.toISOString());
    if (window.end) query.set("end_time", window.end.toISOString());
    const suffix = query.size ? `?${query}` : "";
    return this.call(contract.countsSchema, { method: "GET", path: `/api/job_runs/counts/${suffix}`, idempotent: true });
  }
}
