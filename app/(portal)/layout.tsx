import { AppShell } from "@/components/shell/app-shell";
import { requireMember } from "@/lib/portal/session";
import { listMyTeams } from "@/lib/portal/teams";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const member = await requireMember();
  const teams = await listMyTeams(member);
  return (
    <AppShell user={{ name: member.name, email: member.email }} teams={teams} activeTeamId={member.teamId}>
      {children}
    </AppShell>
  );
}
