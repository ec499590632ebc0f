import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { RelativeTime } from "@/components/ui/relative-time";
import type { ApiTokenView } from "@/lib/portal/api-tokens";
import { RevokeApiTokenButton } from "./revoke-api-token-button";

const cell = "px-4 py-3 align-top max-sm:p-0";
const head = "px-4 py-2 text-left text-xs font-medium whitespace-nowrap text-zinc-500";

/** Label shown inside a cell on a phone, where the header row is hidden and rows become cards. */
function PhoneLabel({ children }: { children: React.ReactNode }) {
  return <span className="block text-xs text-zinc-500 sm:hidden">{children}</span>;
}

/** A table on a desk, a stack of cards at 640 px and below; revoke buttons only for admins. */
export function ApiTokensTable({ tokens, canManage }: { tokens: ApiTokenView[]; canManage: boolean }) {
  return (
    <Card className="overflow-x-auto">
      <table className="w-full text-sm max-sm:block" data-testid="api-tokens">
        <thead className="border-b border-zinc-200 max-sm:sr-only dark:border-zinc-800">
          <tr>
            <th scope="col" className={head}>Name</th>
            <th scope="col" className={head}>Token</th>
            <th scope="col" className={head}>Created by</th>
            <th scope="col" className={head}>Created</th>
            <th scope="col" className={head}>Last used</th>
            <th scope="col" className={head}>Expires</th>
            <th scope="col" className={head}>Status</th>
            {canManage ? (
              <th scope="col" className={head}>
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 max-sm:block dark:divide-zinc-800">
          {tokens.map((t) => (
            <TokenRow key={t.id} token={t} canManage={canManage} />
          ))}
        </tbody>
      </table>
    </Card>
  );
}

/** Why a token that was not revoked no longer works, if it does not. */
function stoppedReason(t: ApiTokenView, now: Date): "expired" | "creator left" | null {
  if (t.expiresAt && t.expiresAt <= now) return "expired";
  if (!t.creatorInTeam) return "creator left";
  return null;
}

/** `YYYY-MM-DD` (UTC), as the audit history shows days. */
function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function TokenRow({ token: t, canManage }: { token: ApiTokenView; canManage: boolean }) {
  const revoked = t.revokedAt !== null;
  const stopped = revoked ? null : stoppedReason(t, new Date());
  return (
    <tr
      data-testid="api-token-row"
      data-name={t.name}
      className={cn("max-sm:grid max-sm:grid-cols-2 max-sm:gap-x-4 max-sm:gap-y-2 max-sm:p-4", (revoked || stopped) && "text-zinc-500")}
    >
      <td className={cn(cell, "font-medium break-words max-sm:min-w-0")}>{t.name}</td>
      <td className={cell}>
        <PhoneLabel>Token</PhoneLabel>
        <code className="font-mono text-xs whitespace-nowrap" data-testid="api-token-prefix">
          {t.prefix}…
        </code>
      </td>
      <td className={cell}>
        <PhoneLabel>Created by</PhoneLabel>
        {/* The name reads better in a narrow column; the e-mail is there on hover. */}
        {t.createdByName || t.createdByEmail ? (
          <span title={t.createdByEmail ?? undefined}>{t.createdByName ?? t.createdByEmail}</span>
        ) : (
          <span className="text-zinc-500">a deleted account</span>
        )}
      </td>
      <td className={cn(cell, "whitespace-nowrap")}>
        <PhoneLabel>Created</PhoneLabel>
        <RelativeTime date={t.createdAt} />
      </td>
      <td className={cn(cell, "whitespace-nowrap")} data-testid="api-token-last-used">
        <PhoneLabel>Last used</PhoneLabel>
        {t.lastUsedAt ? <RelativeTime date={t.lastUsedAt} /> : <span className="text-zinc-500">never</span>}
      </td>
      <td className={cn(cell, "whitespace-nowrap")} data-testid="api-token-expires">
        <PhoneLabel>Expires</PhoneLabel>
        {t.expiresAt ? (
          <time dateTime={t.expiresAt.toISOString()} title={t.expiresAt.toISOString().replace("T", " ").slice(0, 19) + " UTC"} className="tabular">
            {day(t.expiresAt)}
          </time>
        ) : (
          <span className="text-zinc-500">never</span>
        )}
      </td>
      {/* On a phone the status sits beside the name, top right of the card. */}
      <td className={cn(cell, "whitespace-nowrap max-sm:col-start-2 max-sm:row-start-1 max-sm:justify-self-end")} data-testid="api-token-status">
        {revoked ? (
          <span className="inline-flex items-center gap-1.5 text-xs">
            <span className="rounded-full bg-zinc-100 px-2 py-0.5 font-medium text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">Revoked</span>
            <RelativeTime date={t.revokedAt!} />
          </span>
        ) : stopped ? (
          <span
            className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 dark:bg-amber-950 dark:text-amber-300"
            title={stopped === "expired" ? "Past its expiry date; it no longer works." : "Its creator left the team after making it, so it no longer works (coming back does not revive it)."}
          >
            {stopped === "expired" ? "Expired" : "Creator left"}
          </span>
        ) : (
          <span className="inline-flex items-center gap-1.5 rounded-full bg-green-50 px-2 py-0.5 text-xs font-medium text-green-700 dark:bg-green-950 dark:text-green-400">
            <span aria-hidden className="size-1.5 rounded-full bg-status-succeeded" />
            Active
          </span>
        )}
      </td>
      {canManage ? (
        <td className={cn(cell, "text-right max-sm:col-span-2 max-sm:text-left max-sm:empty:hidden")}>
          {revoked ? null : <RevokeApiTokenButton id={t.id} name={t.name} />}
        </td>
      ) : null}
    </tr>
  );
}
