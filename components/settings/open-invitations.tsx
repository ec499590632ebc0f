"use client";
import { useActionState } from "react";
import { revokeInvitationAction } from "@/lib/actions/revoke-invitation";
import { ROLE_LABELS, type Role } from "@/lib/auth/permissions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

export interface OpenInvitation {
  id: string;
  role: Role;
  expiresAt: string;
  createdByName: string | null;
}

export function OpenInvitations({ invitations }: { invitations: OpenInvitation[] }) {
  if (invitations.length === 0) return <p className="text-sm text-zinc-500">No open invitations.</p>;
  return (
    <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
      {invitations.map((inv) => (
        <OpenInvitationRow key={inv.id} invitation={inv} />
      ))}
    </ul>
  );
}

function OpenInvitationRow({ invitation }: { invitation: OpenInvitation }) {
  const [state, action, pending] = useActionState(revokeInvitationAction, null);
  return (
    <li className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
      <span>
        {ROLE_LABELS[invitation.role]} · by {invitation.createdByName ?? "an admin"} · expires {invitation.expiresAt.slice(0, 10)}
      </span>
      <form action={action} className="flex items-center gap-2">
        <input type="hidden" name="invitationId" value={invitation.id} />
        <Button type="submit" variant="ghost" size="sm" disabled={pending}>
          Revoke
        </Button>
        <FormMessage state={state?.ok ? null : state} className="text-xs" />
      </form>
    </li>
  );
}
