import type { APIRequestContext } from "@playwright/test";
import { pageWorkerPattern, type ActionReference, type Surface, type SurfaceKind } from "./discover";
import { OUTSIDE_TEAM_A, PRINCIPALS, viewOf, type Fixtures, type PrincipalName, type PrincipalView } from "./principals";
import { send } from "./requests";
import { auditCount } from "./state";
import type { Observer, Row, Variant } from "./table";

export interface MatrixResult {
  cells: number;
  byKind: Record<SurfaceKind, number>;
  failures: string[];
  /** A Markdown table, one line per row and variant: what each principal was declared to get. */
  table: string[];
}

/** How many requests run at once: the machine is small and shared, and a page render is the heavy part. */
const CONCURRENCY = 4;

async function pool<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

/**
 * Texts that must never reach this principal: team A's private names and e-mails for anyone
 * outside team A (less what the answer reveals by design), team B's for team A and its token.
 */
function privateTexts(p: PrincipalView, fx: Fixtures, reveals: string[]): string[] {
  const a = fx.teamA;
  const b = fx.teamB;
  const texts = OUTSIDE_TEAM_A.includes(p.name)
    ? [a.teamName, ...a.emails, a.batchName, a.workflowName, a.apiTokenName, a.engineBatchName, ...(p.name === "shareToken" ? [] : [a.sharedBatchName])]
    : [b.teamName, ...b.emails, b.batchName, b.workflowName, b.apiTokenName];
  return texts.filter((t) => !reveals.includes(t));
}

/** "/batches/<uuid>" matches the manifest's "/batches/[id]". */
function matchesPattern(path: string, pattern: string): boolean {
  const source = pattern.split("/").map((s) => (/^\[.+\]$/.test(s) ? "[^/]+" : s.replace(/[.*+?^${}()|\\]/g, "\\$&"))).join("/");
  return new RegExp(`^${source}$`).test(path.split("?")[0]!);
}

export async function runMatrix(options: {
  rows: Row[];
  surfaces: Map<string, Surface>;
  actions: Map<string, ActionReference>;
  fx: Fixtures;
  observer: Observer;
  open: (p: PrincipalView) => Promise<APIRequestContext>;
}): Promise<MatrixResult> {
  const { surfaces, actions, fx, observer, open } = options;
  const result: MatrixResult = { cells: 0, byKind: { page: 0, route: 0, action: 0 }, failures: [], table: [`| | ${PRINCIPALS.join(" | ")} |`, `|---|${PRINCIPALS.map(() => "---").join("|")}|`] };
  const origin = new URL(fx.baseURL).origin;
  const rows = [...options.rows].sort((x, y) => (x.phase ?? 0) - (y.phase ?? 0));

  for (const row of rows) {
    const surface = surfaces.get(row.key)!;
    const action = surface.kind === "action" ? actions.get(row.key) : undefined;
    const views = PRINCIPALS.map((name) => viewOf(name, fx));
    if (action && row.page) {
      const allowedPages = action.pages.map(pageWorkerPattern);
      for (const p of views) {
        const page = row.page(p, fx);
        if (!allowedPages.some((pattern) => matchesPattern(page, pattern))) result.failures.push(`${row.key}: posted to ${page}, but the build runs it only on ${allowedPages.join(", ")}`);
      }
    }
    // Actions record every change they make in team A's history, in the change's own transaction.
    const read = row.state || action ? async () => JSON.stringify({ state: row.state ? await row.state(observer) : null, audit: action ? await auditCount(observer) : null }) : null;

    for (const variant of row.variants) {
      const name = `${row.key}${variant.label ? ` ${variant.label}` : ""}`;
      const reveals = variant.reveals?.(fx) ?? [];
      const cell = async (p: PrincipalView) => {
        const outcome = variant.cells[p.name];
        let problems: string[];
        const api = await open(p);
        try {
          const answer = await send(api, variant.probe(p, fx, { origin, actionId: action?.id }));
          problems = outcome.check(answer, { fx, p });
          for (const text of privateTexts(p, fx, reveals)) if (answer.text.includes(text)) problems.push(`the answer shows ${JSON.stringify(text)}, which is not theirs to see`);
        } catch (error) {
          problems = [`the request failed: ${(error as Error).message}`];
        } finally {
          await api.dispose();
        }
        result.cells++;
        result.byKind[surface.kind]++;
        for (const problem of problems) result.failures.push(`${name} × ${p.name} (expected ${outcome.label}): ${problem}`);
      };

      // First every cell that must change nothing of team A (refusals, harmless failures, and
      // anything done by someone outside team A), between two reads of the state it could touch.
      const untouched = (p: PrincipalView) => !variant.cells[p.name].mayChange || OUTSIDE_TEAM_A.includes(p.name);
      const before = read ? await read() : null;
      await pool(views.filter(untouched), cell);
      if (read) {
        const after = await read();
        if (after !== before) result.failures.push(`${name}: the cells that must change nothing changed team A: before ${before}, after ${after}`);
      }
      await pool(views.filter((p) => !untouched(p)), cell);
      result.table.push(describe(name, variant));
    }
    if (row.verify) for (const problem of await row.verify(observer)) result.failures.push(`${row.key}: ${problem}`);
  }
  return result;
}

function describe(name: string, variant: Variant): string {
  return `| ${name} | ${PRINCIPALS.map((p: PrincipalName) => variant.cells[p].label).join(" | ")} |`;
}
