"use client";
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Check, ChevronsUpDown } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { switchTeamAction } from "@/lib/actions/switch-team";
import { ROLE_LABELS, type Role } from "@/lib/auth/permissions";

export interface TeamOption {
  id: string;
  name: string;
  role: Role;
}

export function TeamSwitcher({ teams, activeTeamId }: { teams: TeamOption[]; activeTeamId: string }) {
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
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        className="flex w-full min-w-0 items-center justify-between gap-2 rounded-md border border-zinc-200 px-3 py-2 text-left text-sm hover:bg-zinc-100 dark:border-zinc-800 dark:hover:bg-zinc-800"
        aria-label="Switch team"
        data-testid="team-switcher"
      >
        <span className="min-w-0">
          <span className="block truncate font-medium">{active?.name ?? "Team"}</span>
          <span className="block text-xs text-zinc-500">{active ? ROLE_LABELS[active.role] : ""}</span>
        </span>
        <ChevronsUpDown aria-hidden className={pending ? "size-4 animate-pulse" : "size-4 text-zinc-400"} />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="start"
          sideOffset={4}
          className="z-50 min-w-56 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
        >
          <DropdownMenu.Label className="px-2 py-1.5 text-xs text-zinc-500">Your teams</DropdownMenu.Label>
          {teams.map((team) => (
            <DropdownMenu.Item
              key={team.id}
              onSelect={() => choose(team.id)}
              className="flex cursor-pointer items-center justify-between gap-3 rounded px-2 py-1.5 text-sm outline-none data-highlighted:bg-zinc-100 dark:data-highlighted:bg-zinc-800"
            >
              <span className="truncate">{team.name}</span>
              {team.id === activeTeamId ? <Check aria-label="current team" className="size-4 text-accent" /> : null}
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
