/**
 * Audit events in plain words. Pure functions (no database, no `server-only`) so the page, the
 * CSV export and unit tests share one wording. Anything not recognised falls back to the raw
 * action code, so a new event type is never hidden, only less friendly.
 */

export interface DescribableEvent {
  action: string;
  targetType: string | null;
  targetId: string | null;
  metadata: Record<string, unknown>;
  /** The target's current name when it could be looked up (a member, a batch, a workflow). */
  targetName?: string | null;
}

const ROLE_WORDS: Record<string, string> = { owner: "Owner", admin: "Admin", member: "Member", viewer: "Viewer" };

function text(value: unknown): string | undefined {
  if (typeof value === "string" && value.trim() !== "") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

function quoted(value: string | undefined | null): string {
  return value ? `“${value}”` : "";
}

function role(value: unknown): string {
  const r = text(value);
  return r ? (ROLE_WORDS[r] ?? r) : "a role";
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}

/** What a batch download was, from `metadata.what` (see lib/portal/batch-downloads.ts). */
function downloadWhat(metadata: Record<string, unknown>): string {
  const what = text(metadata.what);
  switch (what) {
    case "batch zip":
      return "all results (zip)";
    case "job zip":
      return text(metadata.job) ? `the results of job ${text(metadata.job)}` : "the results of one job";
    case "parameters csv":
      return "the job parameters (CSV)";
    case "parameters json":
      return "the job parameters (JSON)";
    case "merged COCO":
      return "the merged COCO annotations";
    case "notebook":
      return "the analysis notebook";
    default:
      return what ?? "files";
  }
}

/** Who to name when an event has no signed-in actor. */
export function anonymousActor(metadata: Record<string, unknown>): string {
  if (metadata.via === "share link") return "Someone with a share link";
  if (metadata.via === "portal") return "The portal";
  return "Someone no longer in the portal";
}

/** The name of the object an event is about, best source first. */
export function targetLabel(event: DescribableEvent): string | null {
  const m = event.metadata;
  return event.targetName ?? text(m.name) ?? text(m.batchName) ?? text(m.workflowName) ?? null;
}

/**
 * One sentence, without the actor ("renamed the team from “A” to “B”"): the actor is shown
 * next to it, and the CSV has them in their own columns.
 */
export function describeAuditEvent(event: DescribableEvent): string {
  const m = event.metadata ?? {};
  const name = targetLabel(event);
  const batch = name ? `the batch ${quoted(name)}` : "a batch";
  const workflow = name ? `the workflow ${quoted(name)}` : "a workflow";
  const person = name ?? "a member";
  switch (event.action) {
    case "user.signed_up":
      return text(m.reason) === "github" ? "signed up with GitHub" : "signed up";
    case "user.signed_in":
      return text(m.provider) && m.provider !== "credentials" ? `signed in with ${text(m.provider) === "github" ? "GitHub" : text(m.provider)}` : "signed in";
    case "user.sign_in_failed":
      return "failed to sign in (wrong e-mail or password)";
    case "user.sign_in_refused":
      return "was refused sign-in after too many failed attempts";
    case "user.password_changed":
      return "changed their password (their other sessions were signed out)";
    case "user.signed_out_everywhere":
      return "signed out of every session";
    case "team.created":
      return "started a team of their own";
    case "team.renamed":
      return text(m.from) && text(m.to) ? `renamed the team from ${quoted(text(m.from))} to ${quoted(text(m.to))}` : "renamed the team";
    case "team.switched":
      return "switched to this team";
    case "member.role_changed":
      return `changed ${person}’s role from ${role(m.from)} to ${role(m.to)}`;
    case "member.removed":
      return `removed ${person} (${role(m.role)}) from the team and ended their sessions`;
    case "member.left":
      return "left the team";
    case "invitation.created":
      return `created an invitation link to join as ${role(m.role)}`;
    case "invitation.revoked":
      return "revoked an invitation link";
    case "invitation.accepted":
      return `joined the team as ${role(m.role)} through an invitation`;
    case "api_token.created":
      return `created the API token ${quoted(name ?? "unnamed")}${text(m.prefix) ? ` (${text(m.prefix)}…)` : ""}${text(m.expiresAt) ? `, expiring ${text(m.expiresAt)!.slice(0, 10)}` : ""}`;
    case "api_token.revoked":
      return `revoked the API token ${quoted(name ?? "unnamed")}${text(m.prefix) ? ` (${text(m.prefix)}…)` : ""}`;
    case "workflow.created":
      return `created ${workflow}`;
    case "workflow.updated":
      return `saved changes to ${workflow}`;
    case "workflow.deleted":
      return `deleted ${workflow}`;
    case "batch.created": {
      const jobs = typeof m.jobs === "number" ? plural(m.jobs, text(m.kind) === "video" ? "video job" : "preview job") : undefined;
      return `created ${batch}${jobs ? ` with ${jobs}` : ""}${text(m.generator) ? ` on ${text(m.generator)}` : ""}`;
    }
    case "batch.submitted":
      return m.via === "portal" ? `found ${batch} at the Generation API, where an interrupted submission had created it` : `submitted ${batch} to the Generation API`;
    case "batch.submit_failed":
      return `could not submit ${batch}${text(m.reason) ? `: ${text(m.reason)}` : ""}`;
    case "batch.submit_retried":
      return `retried submitting ${batch}`;
    case "batch.canceled":
      return typeof m.canceled === "number" ? `canceled ${plural(m.canceled, "job")} of ${batch}` : `canceled ${batch}`;
    case "batch.retried":
      return typeof m.retried === "number" ? `retried ${plural(m.retried, "failed job")} of ${batch}` : `retried the failed jobs of ${batch}`;
    case "batch.downloaded":
      return `downloaded ${downloadWhat(m)} of ${batch}${m.via === "share link" ? " through a share link" : ""}`;
    case "share_link.created":
      return `created a share link for ${event.targetType === "workflow" ? workflow : batch}`;
    case "share_link.revoked":
      return `revoked a share link for ${event.targetType === "workflow" ? workflow : batch}`;
    case "generation_connection.saved":
      return text(m.url) ? `pointed the team’s submissions at ${text(m.url)}` : "changed the Generation API connection";
    case "generation_connection.cleared":
      return `removed the Generation API connection${text(m.url) ? ` to ${text(m.url)}` : ""}`;
    case "audit.exported":
      return `exported the audit history as CSV${typeof m.rows === "number" ? ` (${plural(m.rows, "event")})` : ""}`;
    default:
      return event.action;
  }
}

const ACTION_LABELS: Record<string, string> = {
  "api_token.created": "API token created",
  "api_token.revoked": "API token revoked",
  "audit.exported": "Audit exported",
  "batch.downloaded": "Batch downloaded",
  "batch.submit_failed": "Batch submission failed",
  "batch.submit_retried": "Batch submission retried",
  "batch.retried": "Failed jobs retried",
  "generation_connection.saved": "Generation API connection saved",
  "generation_connection.cleared": "Generation API connection removed",
  "user.signed_up": "Signed up",
  "user.signed_in": "Signed in",
  "user.password_changed": "Password changed",
  "user.signed_out_everywhere": "Signed out everywhere",
};

/** A short label for an action code, for the action filter ("member.role_changed" → "Member role changed"). */
export function actionLabel(action: string): string {
  if (ACTION_LABELS[action]) return ACTION_LABELS[action];
  const words = action.replace(/[._]+/g, " ").trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : action;
}

/** The portal page for an event's object, when it has one. */
export function targetHref(event: Pick<DescribableEvent, "targetType" | "targetId" | "action"> & { metadata?: Record<string, unknown> }): string | null {
  if (!event.targetId) return null;
  if (event.targetType === "batch") return `/batches/${encodeURIComponent(event.targetId)}`;
  // A share link has no page of its own; its batch report lists it.
  if (event.targetType === "share_link" && typeof event.metadata?.batchId === "string") return `/batches/${encodeURIComponent(event.metadata.batchId)}`;
  // A deleted workflow has no page any more.
  if (event.targetType === "workflow" && event.action !== "workflow.deleted") return `/workflows/${encodeURIComponent(event.targetId)}`;
  return null;
}

/** "Chrome 131 on macOS" from a user-agent string; the raw string stays available on hover. */
export function shortUserAgent(ua: string | null | undefined): string {
  if (!ua) return "";
  const browser =
    match(ua, /Edg\/(\d+)/, "Edge") ??
    match(ua, /OPR\/(\d+)/, "Opera") ??
    match(ua, /Firefox\/(\d+)/, "Firefox") ??
    match(ua, /HeadlessChrome\/(\d+)/, "Headless Chrome") ??
    match(ua, /Chrom(?:e|ium)\/(\d+)/, "Chrome") ??
    match(ua, /Version\/(\d+)[.\d]* (?:Mobile\/\S+ )?Safari/, "Safari") ??
    match(ua, /curl\/([\d.]+)/, "curl") ??
    match(ua, /python-requests\/([\d.]+)/, "Python requests") ??
    match(ua, /node(?:-fetch)?\/?([\d.]*)/i, "Node.js");
  const os = /iPhone|iPad|iPod/.test(ua)
    ? "iOS"
    : /Android/.test(ua)
      ? "Android"
      : /Windows/.test(ua)
        ? "Windows"
        : /Mac OS X|Macintosh/.test(ua)
          ? "macOS"
          : /CrOS/.test(ua)
            ? "ChromeOS"
            : /Linux/.test(ua)
              ? "Linux"
              : null;
  if (browser && os) return `${browser} on ${os}`;
  if (browser) return browser;
  return ua.length > 40 ? `${ua.slice(0, 39)}…` : ua;
}

function match(ua: string, re: RegExp, label: string): string | null {
  const m = re.exec(ua);
  if (!m) return null;
  return m[1] ? `${label} ${m[1]}` : label;
}
