import { GenerationApiError } from "../errors";
import type { FetchResultOptions, ResultFile, Transport, TransportRequest, TransportResponse } from "../transport";

/**
 * The built-in engine, called as a function in this process: no socket, no token. The
 * portal never imports the engine; the app's start-up hands its handler over through this
 * well-known global slot, and the portal vouches for the team it acts for.
 */
export type InProcessApi = (request: Request, teamId: string) => Promise<Response>;

/** A result link's files, or null when this process's engine did not sign it for a finished job. */
export type InProcessResultFiles = (url: string) => Promise<ResultFile[] | null>;

const SLOT = Symbol.for("infinity.generation-api.in-process");
const RESULT_FILES_SLOT = Symbol.for("infinity.generation-api.in-process.result-files");
const registry = globalThis as unknown as Record<symbol, InProcessApi | undefined>;
const resultFilesRegistry = globalThis as unknown as Record<symbol, InProcessResultFiles | undefined>;

export function inProcessApiSlot(): symbol {
  return SLOT;
}

/**
 * The files behind a `result_url` the built-in engine in this process signed, read from its
 * storage (no zip built and taken apart on the way); null when no engine runs here or the link
 * is not its own. The signed link is the capability, as when it is fetched.
 */
export async function openBuiltInResult(url: string): Promise<ResultFile[] | null> {
  const open = resultFilesRegistry[RESULT_FILES_SLOT];
  return open ? open(url) : null;
}

export class InProcessTransport implements Transport {
  readonly kind = "in-process" as const;

  /** `origin` is the portal's public origin, used for the result links the engine signs. */
  constructor(
    private readonly teamId: string,
    private readonly origin: string,
  ) {}

  private api(): InProcessApi {
    const api = registry[SLOT];
    if (!api) throw new GenerationApiError("unavailable", "The built-in Generation API is not running in this process.");
    return api;
  }

  async fetchResult(url: string, options: FetchResultOptions = {}): Promise<ReadableStream<Uint8Array>> {
    const response = await this.api()(new Request(url, { signal: options.signal }), this.teamId);
    if (!response.ok || !response.body) throw new GenerationApiError(response.status === 404 ? "not_found" : "unavailable", `The result could not be fetched (HTTP ${response.status}).`, response.status);
    return response.body;
  }

  async send(request: TransportRequest): Promise<TransportResponse> {
    const response = await this.api()(
      new Request(new URL(request.path, this.origin), {
        method: request.method,
        headers: request.body === undefined ? {} : { "content-type": "application/json" },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
      }),
      this.teamId,
    );
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }
}
