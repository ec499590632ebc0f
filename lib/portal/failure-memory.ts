import "server-only";
import type { PortalError } from "@/lib/errors";

/**
 * Refusals remembered for a short while, by key (a team's job): a result that a remote
 * upstream cannot serve, or that was refused as hostile (a zip bomb, a name outside its
 * folder), fails the same way for the next visitor, so every thumbnail on a shared page and
 * every reload does not fetch it again. Short, because an upstream that was down comes back.
 */
export class FailureMemory {
  private readonly failures = new Map<string, { error: PortalError; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly max = 1000,
  ) {}

  recall(key: string): PortalError | undefined {
    const kept = this.failures.get(key);
    if (!kept) return undefined;
    if (kept.until > Date.now()) return kept.error;
    this.failures.delete(key);
    return undefined;
  }

  remember(key: string, error: PortalError): void {
    this.failures.delete(key);
    this.failures.set(key, { error, until: Date.now() + this.ttlMs });
    // A Map iterates in insertion order: the first key is the oldest.
    while (this.failures.size > this.max) this.failures.delete(this.failures.keys().next().value!);
  }

  forget(key: string): void {
    this.failures.delete(key);
  }
}
