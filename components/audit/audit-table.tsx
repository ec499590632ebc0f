import Link from "next/link";
import { RelativeTime } from "@/components/ui/relative-time";
import { anonymousActor, describeAuditEvent, shortUserAgent, targetHref, targetLabel } from "@/lib/portal/audit-describe";

export interface AuditTableRow {
  id: number;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetName: string | null;
  metadata: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
}

const TARGET_WORDS: Record<string, string> = {
  batch: "Batch",
  workflow: "Workflow",
  user: "Person",
  team: "Team",
  api_token: "API token",
  share_link: "Share link for",
  invitation: "Invitation",
};

function TargetCell({ row, teamId }: { row: AuditTableRow; teamId: string }) {
  if (!row.targetType) return <span className="text-zinc-400 max-sm:hidden">—</span>;
  const kind = TARGET_WORDS[row.targetType] ?? row.targetType;
  // Nothing to add when the event is about the actor themself (signed in, left the team).
  if (row.targetType === "user" && row.targetId === row.actorId) return <span className="text-zinc-400 max-sm:hidden">—</span>;
  // An invitation has no name; its role is already in the sentence.
  if (row.targetType === "invitation") return <span className="text-xs text-zinc-500">{kind}</span>;
  const label = row.targetType === "team" && row.targetId === teamId ? "this team" : targetLabel(row);
  const href = targetHref(row);
  const text = label ?? (row.targetId ? `${row.targetId.slice(0, 8)}…` : "");
  return (
    <span className="min-w-0">
      <span className="text-xs text-zinc-500">{kind} </span>
      {href ? (
        <Link href={href} className="font-medium text-accent hover:underline" data-testid="audit-target-link">
          {text}
        </Link>
      ) : (
        <span className="break-words">{text}</span>
      )}
    </span>
  );
}

const cell = "px-4 py-2.5 align-top max-sm:px-0 max-sm:py-0.5";

/**
 * A table on wide screens; below `sm` every row becomes a card (the same DOM, re-laid out by
 * CSS), so a phone shows who/what/when stacked instead of a table scrolled sideways.
 */
export function AuditTable({ rows, teamId }: { rows: AuditTableRow[]; teamId: string }) {
  return (
    <table className="w-full text-sm max-sm:block" data-testid="audit-table">
      <thead className="border-b border-zinc-200 text-left text-xs text-zinc-500 max-sm:sr-only dark:border-zinc-800">
        <tr>
          <th scope="col" className="px-4 py-2 font-medium">When</th>
          <th scope="col" className="px-4 py-2 font-medium">Who</th>
          <th scope="col" className="px-4 py-2 font-medium">What</th>
          <th scope="col" className="px-4 py-2 font-medium">Object</th>
          <th scope="col" className="px-4 py-2 font-medium">From where</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-200 max-sm:block dark:divide-zinc-800">
        {rows.map((row) => {
          const ua = shortUserAgent(row.userAgent);
          return (
            <tr key={row.id} className="max-sm:flex max-sm:flex-col max-sm:gap-0.5 max-sm:px-4 max-sm:py-3" data-testid="audit-row" data-action={row.action}>
              <td className={`${cell} whitespace-nowrap text-zinc-500 max-sm:order-3 max-sm:text-xs`}>
                <RelativeTime date={row.createdAt} />
              </td>
              <td className={`${cell} max-sm:order-1`}>
                <span className="block font-medium">{row.actorName ?? row.actorEmail ?? anonymousActor(row.metadata)}</span>
                {row.actorName && row.actorEmail ? <span className="block max-w-64 truncate text-xs text-zinc-500 max-sm:max-w-full" title={row.actorEmail}>
                    {row.actorEmail}
                  </span> : null}
              </td>
              <td className={`${cell} max-sm:order-2`} data-testid="audit-summary">
                <span className="break-words">{describeAuditEvent(row)}</span>
                <span className="block font-mono text-[11px] text-zinc-400">{row.action}</span>
              </td>
              <td className={`${cell} max-sm:order-2`}>
                <TargetCell row={row} teamId={teamId} />
              </td>
              <td className={`${cell} text-xs text-zinc-500 max-sm:order-4 max-sm:flex max-sm:gap-2`}>
                {row.ip ? <span className="block font-mono">{row.ip}</span> : null}
                {ua ? (
                  <span className="block" title={row.userAgent ?? undefined}>
                    {ua}
                  </span>
                ) : null}
                {!row.ip && !ua ? <span className="text-zinc-400 max-sm:hidden">—</span> : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
