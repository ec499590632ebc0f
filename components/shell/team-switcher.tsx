"use client";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { switchTeamAction } from "@/lib/actions/switch-team";
import { ROLE_LABELS, type Role } from "@/lib/auth/permissions";
import { Menu, MenuItem } from "@/components/ui/menu";

export interface TeamOption {
  id: string;
  name: string;
  role: Role;
}

/** `icons` are elements rendered by the (server) shell, so no icon code ships to the browser. */
export function TeamSwitcher({ teams, activeTeamId, icons }: { teams: TeamOption[]; activeTeamId: string; icons: { open: React.ReactNode; current: React.ReactNode } }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const active = teams.find((t) => t.id === activeTeamId);

  function choose(teamId: string) {
    if (teamId === activeTeamId) return;
    const form = new FormData();
    form.set("teamId", teamId);
    startTransition(async () => {
      await switchTeamAction(null, form);
      router.refresh();
    });
  }

  return (
    <Menu
      label="Switch team"
      testId="team-switcher"
      align="start"
      triggerClassName="flex w-full min-w-0 items-center justify-between gap-2 rounded-md border border-zinc-200 px-3 py-2 text-left text-sm hover:bg-zinc-100 dark:border-zinc-800 dark:hover:bg-zinc-800"
      trigger={
        <>
          <span className="min-w-0">
            <span className="block truncate font-medium">{active?.name ?? "Team"}</span>
            <span className="block text-xs text-zinc-500">{active ? ROLE_LABELS[active.role] : ""}</span>
          </span>
          <span className={pending ? "animate-pulse" : "text-zinc-400"}>{icons.open}</span>
        </>
      }
    >
      <p className="px-2 py-1.5 text-xs text-zinc-500">Your teams</p>
      {teams.map((team) => (
        <MenuItem key={team.id} onSelect={() => choose(team.id)}>
          <span className="truncate">{team.name}</span>
          {team.id === activeTeamId ? icons.current : null}
        </MenuItem>
      ))}
    </Menu>
  );
}
