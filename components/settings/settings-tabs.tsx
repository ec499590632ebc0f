"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  { href: "/settings/team", label: "Team" },
  { href: "/settings/members", label: "Members" },
  { href: "/settings/api-tokens", label: "API tokens" },
  { href: "/settings/generation-api", label: "Generation API" },
  { href: "/settings/usage", label: "Usage" },
  { href: "/settings/account", label: "Account" },
];

export function SettingsTabs() {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings" className="mb-6 flex gap-1 overflow-x-auto border-b border-zinc-200 dark:border-zinc-800">
      {TABS.map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          aria-current={pathname === tab.href ? "page" : undefined}
          className="-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium whitespace-nowrap text-zinc-500 hover:text-zinc-900 aria-[current=page]:border-accent aria-[current=page]:text-zinc-900 dark:hover:text-zinc-100 dark:aria-[current=page]:text-zinc-100"
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
