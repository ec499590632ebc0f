"use client";
import { useRouter } from "next/navigation";
import { signOutAction } from "@/lib/actions/sign-out";
import { Menu, MenuItem } from "@/components/ui/menu";

/** `signOutIcon` is rendered by the (server) shell, so no icon code ships to the browser. */
export function UserMenu({ name, email, signOutIcon }: { name: string | null; email: string; signOutIcon: React.ReactNode }) {
  const router = useRouter();
  return (
    <Menu
      label="Account"
      testId="user-menu"
      align="end"
      triggerClassName="flex size-9 items-center justify-center rounded-full bg-zinc-200 text-sm font-semibold text-zinc-700 hover:bg-zinc-300 dark:bg-zinc-800 dark:text-zinc-200"
      trigger={(name ?? email).slice(0, 1).toUpperCase() || "?"}
    >
      <div className="px-2 py-1.5">
        <p className="truncate text-sm font-medium">{name ?? "Signed in"}</p>
        <p className="truncate text-xs text-zinc-500">{email}</p>
      </div>
      <hr className="my-1 border-zinc-200 dark:border-zinc-800" />
      <MenuItem onSelect={() => router.push("/settings/account")}>Account and sessions</MenuItem>
      <MenuItem onSelect={() => void signOutAction()}>
        <span className="flex items-center gap-2">
          {signOutIcon} Sign out
        </span>
      </MenuItem>
    </Menu>
  );
}
