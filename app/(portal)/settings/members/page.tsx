import { Card } from "@/components/ui/card";
import { InviteForm } from "@/components/settings/invite-form";
import { MembersList } from "@/components/settings/members-list";
import { OpenInvitations } from "@/components/settings/open-invitations";
import { membersOutput } from "@/lib/api/members-output";
import { assignableRoles, can } from "@/lib/auth/permissions";
import { listOpenInvitations } from "@/lib/portal/invitations";
import { listMembers } from "@/lib/portal/members";
import { requireMember } from "@/lib/portal/session";

export const metadata = { title: "Members" };

export default async function MembersPage({ searchParams }: { searchParams: Promise<{ joined?: string }> }) {
  const member = await requireMember();
  const { joined } = await searchParams;
  const canInvite = can(member.role, "members:invite");
  const members = membersOutput.parse({ members: await listMembers(member) });
  const invitations = canInvite ? await listOpenInvitations(member) : [];
  return (
    <div className="space-y-6">
      {joined ? (
        <p role="status" className="rounded-md border border-green-200 bg-green-50 p-3 text-sm text-green-800 dark:border-green-900 dark:bg-green-950 dark:text-green-300">
          Welcome to {member.teamName}.
        </p>
      ) : null}
      <section>
        <h2 className="mb-3 font-medium">
          Members of {member.teamName} <span className="text-sm font-normal text-zinc-500">({members.members.length})</span>
        </h2>
        <MembersList initial={members} actorId={member.userId} canManage={can(member.role, "members:change-role")} assignable={assignableRoles(member.role)} />
      </section>
      <Card className="p-5">
        <h2 className="mb-1 font-medium">Invite people</h2>
        {canInvite ? (
          <>
            <p className="mb-4 text-sm text-zinc-500">Create a link for one person. It expires in 7 days and works once.</p>
            <InviteForm assignable={assignableRoles(member.role)} />
            <h3 className="mt-6 mb-2 text-sm font-medium">Open invitations</h3>
            <OpenInvitations
              invitations={invitations.map((i) => ({ id: i.id, role: i.role, expiresAt: i.expiresAt.toISOString(), createdByName: i.createdByName }))}
            />
          </>
        ) : (
          <p className="text-sm text-zinc-500" data-testid="invite-not-allowed">
            Only owners and admins can invite people. You are a {member.role} of {member.teamName}.
          </p>
        )}
      </Card>
    </div>
  );
}
