import { Card } from "@/components/ui/card";
import { RenameTeamForm } from "@/components/settings/rename-team-form";
import { LeaveTeamForm } from "@/components/settings/leave-team-form";
import { can, ROLE_LABELS } from "@/lib/auth/permissions";
import { requireMember } from "@/lib/portal/session";
import { listMyTeams } from "@/lib/portal/teams";

export const metadata = { title: "Team settings" };

export default async function TeamSettingsPage() {
  const member = await requireMember();
  const teams = await listMyTeams(member);
  return (
    <div className="space-y-6">
      <Card className="p-5">
        <h2 className="mb-4 font-medium">Team</h2>
        <RenameTeamForm name={member.teamName} disabled={!can(member.role, "team:rename")} />
        {!can(member.role, "team:rename") ? <p className="mt-2 text-xs text-zinc-500">Only owners and admins can rename the team.</p> : null}
      </Card>
      <Card className="p-5">
        <h2 className="mb-1 font-medium">Your teams</h2>
        <p className="mb-3 text-sm text-zinc-500">Switch teams from the menu at the top of the sidebar.</p>
        <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
          {teams.map((team) => (
            <li key={team.id} className="flex items-center justify-between py-2">
              <span>
                {team.name}
                {team.id === member.teamId ? <span className="ml-2 text-xs text-accent">current</span> : null}
              </span>
              <span className="text-zinc-500">{ROLE_LABELS[team.role]}</span>
            </li>
          ))}
        </ul>
      </Card>
      <Card className="p-5">
        <h2 className="mb-1 font-medium">Leave team</h2>
        <p className="mb-3 text-sm text-zinc-500">You lose access to {member.teamName}&apos;s workflows and batches.</p>
        <LeaveTeamForm teamName={member.teamName} />
      </Card>
    </div>
  );
}
