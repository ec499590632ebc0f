import { Link2 } from "@/components/ui/icons";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { can } from "@/lib/auth/permissions";
import type { ActingMember } from "@/lib/portal/member";
import { listShareLinks, type ShareLinkView } from "@/lib/portal/share-links";
import { CreateShareLinkControl, RevokeShareLinkControl } from "./share-link-controls";

/** The report's read-only links: make one (members and up), see who made each and how often it was opened, revoke. */
export async function ShareLinks({ member, batchId }: { member: ActingMember; batchId: string }) {
  const links = await listShareLinks(member, batchId);
  const canShare = can(member.role, "share-links:manage");
  return (
    <Card className="space-y-4 p-4 sm:p-5" data-testid="share-links">
      <div>
        <h2 className="flex items-center gap-2 font-medium">
          <Link2 aria-hidden className="size-4 text-zinc-500" /> Share
        </h2>
        <p className="mt-1 text-sm text-zinc-500">
          A read-only link to this report (status, jobs, downloads) that works without signing in. It shows no team name and no e-mail addresses.
        </p>
      </div>
      {canShare ? <CreateShareLinkControl batchId={batchId} /> : <p className="text-sm text-zinc-500">Viewers cannot create share links.</p>}
      {links.length > 0 ? (
        <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" data-testid="share-link-list">
          {links.map((link, index) => (
            <ShareLinkRow key={link.id} link={link} number={links.length - index} />
          ))}
        </ul>
      ) : null}
    </Card>
  );
}

function ShareLinkRow({ link, number }: { link: ShareLinkView; number: number }) {
  const state = link.revokedAt ? "revoked" : link.active ? "active" : "expired";
  return (
    <li className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between" data-testid="share-link-row" data-state={state}>
      <div className="min-w-0 space-y-0.5">
        <p className={link.active ? "font-medium" : "font-medium text-zinc-500"}>
          Link {number}
          <span className={`ml-2 rounded-full px-2 py-0.5 text-xs font-normal ${link.active ? "bg-green-100 text-green-800 dark:bg-green-950 dark:text-green-300" : "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400"}`}>
            {state}
          </span>
        </p>
        <p className="text-xs text-zinc-500">
          By {link.createdByName ?? link.createdByEmail ?? "a former member"}, <RelativeTime date={link.createdAt} />
          {" · "}
          {link.revokedAt ? (
            <>
              revoked <RelativeTime date={link.revokedAt} />
            </>
          ) : link.expiresAt ? (
            <>
              {link.active ? "expires" : "expired"} <RelativeTime date={link.expiresAt} />
            </>
          ) : (
            "never expires"
          )}
        </p>
        <p className="text-xs text-zinc-500" data-testid="share-link-views">
          {link.viewCount === 0 ? (
            "Not opened yet"
          ) : (
            <>
              Opened {link.viewCount.toLocaleString("en")} {link.viewCount === 1 ? "time" : "times"}, last <RelativeTime date={link.lastViewedAt!} />
            </>
          )}
        </p>
      </div>
      {link.canRevoke ? <RevokeShareLinkControl id={link.id} label={`link ${number}`} /> : null}
    </li>
  );
}
