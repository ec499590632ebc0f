import Link from "next/link";
import { Check, ChevronsUpDown, Infinity as InfinityIcon, LogOut } from "@/components/ui/icons";
import { SideNav, TabBar, type NavLink } from "./nav-links";
import { NAV_ITEMS } from "./nav-items";
import { TeamSwitcher, type TeamOption } from "./team-switcher";
import { UserMenu } from "./user-menu";

interface AppShellProps {
  user: { name: string | null; email: string };
  teams: TeamOption[];
  activeTeamId: string;
  children: React.ReactNode;
}

/** Sidebar on desktop; top bar plus bottom tab bar on a phone. */
export function AppShell({ user, teams, activeTeamId, children }: AppShellProps) {
  // Icons are drawn here, on the server, and handed to the client parts as elements.
  const links: NavLink[] = NAV_ITEMS.map(({ href, label, icon: Icon }) => ({ href, label, icon: <Icon aria-hidden className="size-full" /> }));
  const switcherIcons = { open: <ChevronsUpDown aria-hidden className="size-4" />, current: <Check aria-label="current team" className="size-4 text-accent" /> };
  return (
    <div className="min-h-dvh md:grid md:grid-cols-[15rem_1fr]">
      <aside className="hidden border-r border-zinc-200 bg-white p-4 md:flex md:flex-col md:gap-6 dark:border-zinc-800 dark:bg-zinc-900">
        <Link href="/workflows" className="flex items-center gap-2 px-1 font-semibold">
          <InfinityIcon aria-hidden className="size-5 text-accent" /> Infinity Portal
        </Link>
        <TeamSwitcher teams={teams} activeTeamId={activeTeamId} icons={switcherIcons} />
        <SideNav items={links} />
      </aside>
      <div className="flex min-w-0 flex-col">
        <header className="sticky top-0 z-10 flex h-14 items-center gap-3 border-b border-zinc-200 bg-white/90 px-4 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/90">
          <Link href="/workflows" className="flex items-center md:hidden" aria-label="Infinity Portal home">
            <InfinityIcon aria-hidden className="size-6 text-accent" />
          </Link>
          <div className="min-w-0 flex-1 md:hidden">
            <TeamSwitcher teams={teams} activeTeamId={activeTeamId} icons={switcherIcons} />
          </div>
          <div className="hidden flex-1 md:block" />
          <UserMenu name={user.name} email={user.email} signOutIcon={<LogOut aria-hidden className="size-4" />} />
        </header>
        <main className="mx-auto w-full max-w-6xl flex-1 px-4 pt-6 pb-24 md:px-8 md:pb-10">{children}</main>
      </div>
      <TabBar items={links} />
    </div>
  );
}
