import type { APIRequestContext } from "@playwright/test";
import type { Observer, StateRead } from "./table";

/**
 * What a refused request could have changed, read the way team A's owner sees it. A row's
 * refused cells run between two reads; the two must be equal.
 */

async function html(api: APIRequestContext, path: string): Promise<string> {
  const response = await api.get(path, { maxRedirects: 0 });
  if (response.status() !== 200) throw new Error(`The observer could not read ${path}: HTTP ${response.status()}`);
  return response.text();
}

const all = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1]!).sort();

/** Team A's history: every change in the team writes one event in the same transaction. */
export async function auditCount(o: Observer): Promise<number> {
  const page = await html(o.a, "/audit");
  const count = /data-testid="audit-count"[^>]*>([\d,]+) event/.exec(page)?.[1];
  if (!count) throw new Error("The audit page shows no event count.");
  return Number(count.replace(/,/g, ""));
}

export const members: StateRead = async (o) => {
  const { members: list } = (await (await o.a.get("/api/portal/members")).json()) as { members: { email: string; role: string }[] };
  return list.map((m) => `${m.email}:${m.role}`).sort();
};

export const invitations: StateRead = async (o) => all(await html(o.a, "/settings/members"), /name="invitationId" value="([0-9a-f-]{36})"/g);

export const teamName: StateRead = async (o) => {
  const input = /<input[^>]*name="name"[^>]*>/.exec(await html(o.a, "/settings/team"))?.[0];
  return input ? (/value="([^"]*)"/.exec(input)?.[1] ?? null) : null;
};

export const generationSource: StateRead = async (o) => /data-testid="generation-source" data-source="([a-z-]+)"/.exec(await html(o.a, "/settings/generation-api"))?.[1] ?? null;

/** The team's tokens (name and state), and whether the token under test still opens the Generation API. */
export const apiTokens: StateRead = async (o) => ({
  rows: all(await html(o.a, "/settings/api-tokens"), /data-testid="api-token-row"[^>]*data-name="([^"]*)"/g),
  works: (await o.a.get("/api/jobs/", { headers: { authorization: `Token ${o.fx.apiToken}` } })).status(),
});

/** The shared batch's links, and whether the valid one still opens its report. */
export const shareLinks: StateRead = async (o) => ({
  shared: all(await html(o.a, `/batches/${o.fx.teamA.sharedBatchId}`), /data-testid="share-link-row" data-state="([a-z]+)"/g),
  private: all(await html(o.a, `/batches/${o.fx.teamA.batchId}`), /data-testid="share-link-row" data-state="([a-z]+)"/g),
  opens: (await o.a.get(`/api/share/${o.fx.shareToken}/status`)).status(),
});

export const workflows: StateRead = async (o) => ({
  list: all(await html(o.a, "/workflows"), /data-testid="workflow-row" data-name="([^"]*)"/g),
  opens: (await o.a.get(`/workflows/${o.fx.teamA.workflowId}`, { maxRedirects: 0 })).status(),
});

/** The team's batches by name, and the counts of the batch the actions aim at. */
export const batches: StateRead = async (o) => {
  const status = (await (await o.a.get(`/api/portal/batches/${o.fx.teamA.batchId}/status`)).json()) as { submission: string; progress: { counts: unknown } | null };
  return { list: all(await html(o.a, "/batches"), /data-testid="batch-row" data-name="([^"]*)"/g), submission: status.submission, counts: status.progress?.counts };
};

/** The Generation API batches of team A, read with its own token. */
export const engineBatches: StateRead = async (o) => {
  const headers = { authorization: `Token ${o.fx.apiToken}` };
  const list = (await (await o.a.get("/api/batch/", { headers })).json()) as { id: string; name: string }[];
  const summary = (await (await o.a.get(`/api/batch/${o.fx.teamA.engineBatchId}/summary`, { headers })).json()) as { job_runs: { status?: string; attempts?: number }[] };
  return { list: list.map((b) => `${b.id}:${b.name}`).sort(), jobs: summary.job_runs.map((j) => `${j.status}:${j.attempts}`) };
};

/** Several reads as one. */
export function both(...reads: StateRead[]): StateRead {
  return async (o) => Promise.all(reads.map((read) => read(o)));
}
