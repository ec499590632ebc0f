import { KeyRound } from "@/components/ui/icons";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ApiTokensTable } from "@/components/settings/api-tokens-table";
import { ApiUsageSnippet } from "@/components/settings/api-usage-snippet";
import { CreateApiTokenForm } from "@/components/settings/create-api-token-form";
import { can } from "@/lib/auth/permissions";
import { listApiTokens } from "@/lib/portal/api-tokens";
import { requestOrigin, requireMember } from "@/lib/portal/session";

export const metadata = { title: "API tokens" };

export default async function ApiTokensPage() {
  const member = await requireMember();
  const canRead = can(member.role, "api-tokens:read");
  const canManage = can(member.role, "api-tokens:manage");
  const tokens = canRead ? await listApiTokens(member) : [];
  const now = new Date();
  // Working tokens only: not revoked, not expired, and their creator still in the team.
  const active = tokens.filter((t) => !t.revokedAt && !(t.expiresAt && t.expiresAt <= now) && t.creatorInTeam).length;
  const revoked = tokens.filter((t) => t.revokedAt).length;
  const stopped = tokens.length - active - revoked;
  return (
    <div className="space-y-6">
      {canManage ? (
        <Card className="p-5">
          <h2 className="mb-1 font-medium">Create a token</h2>
          <p className="mb-4 text-sm text-zinc-500">
            Scripts and CI use a token to call the Generation API as {member.teamName}. Anyone holding it can submit and read the
            team&apos;s batches, so keep it like a password. A token stops working when it expires, when it is revoked, or when
            the person who created it leaves the team.
          </p>
          <CreateApiTokenForm />
        </Card>
      ) : (
        <p className="rounded-md border border-zinc-200 bg-white p-3 text-sm text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400" data-testid="api-tokens-read-only">
          Only owners and admins can create or revoke API tokens, because a token acts for the whole team. You are a {member.role} of{" "}
          {member.teamName}; ask an admin if you need one.
        </p>
      )}

      <section>
        <h2 className="mb-3 font-medium">
          Tokens of {member.teamName}{" "}
          {canRead && tokens.length > 0 ? (
            <span className="text-sm font-normal text-zinc-500">
              ({active} active{stopped > 0 ? `, ${stopped} no longer working` : ""}{revoked > 0 ? `, ${revoked} revoked` : ""})
            </span>
          ) : null}
        </h2>
        {!canRead ? (
          <EmptyState icon={KeyRound} title="Viewers cannot see API tokens">
            The list is for members, admins and owners of {member.teamName}.
          </EmptyState>
        ) : tokens.length === 0 ? (
          <EmptyState icon={KeyRound} title="No API tokens yet">
            {canManage ? "Create one above to call the Generation API from a script or CI." : "An owner or admin can create one for the team."}
          </EmptyState>
        ) : (
          <ApiTokensTable tokens={tokens} canManage={canManage} />
        )}
      </section>

      <ApiUsageSnippet origin={await requestOrigin()} />
    </div>
  );
}
