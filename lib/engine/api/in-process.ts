import "server-only";
import { handleGenerationApi } from "./router";

// The same well-known slot lib/generation's in-process transport reads. A symbol in the
// global registry, so neither half imports the other.
const SLOT = Symbol.for("infinity.generation-api.in-process");

/**
 * Offers the engine to the portal in this process. The portal has already authenticated
 * the member and names their team; there is no token to check on this path.
 */
export function exposeInProcess(): void {
  (globalThis as unknown as Record<symbol, unknown>)[SLOT] = (request: Request, teamId: string) =>
    handleGenerationApi(request, { caller: { teamId, tokenId: "in-process" } });
}
