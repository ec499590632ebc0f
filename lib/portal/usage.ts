import "server-only";
import { getDb } from "@/db";
import type { GenerationClient } from "@/lib/generation/client";
import { GenerationApiError } from "@/lib/generation/errors";
import { PortalError } from "@/lib/errors";
import { requirePermission, type ActingMember } from "./member";

export interface UsageRow {
  generator: string;
  previewFrames: number;
  videoFrames: number;
}

/** Frames the Generation API rendered for the member's team in [start, end), per generator. */
export async function getUsage(member: ActingMember, window: { start: Date; end: Date }, client: GenerationClient): Promise<{ rows: UsageRow[]; previewFrames: number; videoFrames: number }> {
  const db = await getDb();
  await requirePermission(db, member, "team:read", "You are not a member of this team.");
  if (window.end <= window.start) throw new PortalError("bad_request:usage", "The end of the period must come after its start.", { field: "to" });
  const counts = await client.counts(window).catch((error: unknown) => {
    if (error instanceof GenerationApiError) throw new PortalError("conflict:generation_api", `Could not read usage from the Generation API: ${error.message}`);
    throw error;
  });
  const rows = counts.counts_by_generator
    .map((c) => ({ generator: c.generator, previewFrames: c.preview_samples_rendered, videoFrames: c.non_preview_samples_rendered }))
    .sort((a, b) => b.previewFrames + b.videoFrames - (a.previewFrames + a.videoFrames));
  return { rows, previewFrames: rows.reduce((n, r) => n + r.previewFrames, 0), videoFrames: rows.reduce((n, r) => n + r.videoFrames, 0) };
}
