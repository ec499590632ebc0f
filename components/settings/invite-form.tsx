"use client";
import { useActionState, useState } from "react";
import { Copy, Check } from "@/components/ui/icons";
import { createInvitationAction } from "@/lib/actions/create-invitation";
import { ROLE_LABELS, type Role } from "@/lib/auth/permissions";
import { Button } from "@/components/ui/button";
import { FieldError, selectClass } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

interface InvitationData {
  path: string;
  expiresAt: string;
  role: Role;
}

export function InviteForm({ assignable }: { assignable: Role[] }) {
  // The previous answer holds the last link's token; don't post it back to the server.
  const [state, action, pending] = useActionState((_previous: unknown, formData: FormData) => createInvitationAction(null, formData), null);
  const [copied, setCopied] = useState(false);
  const invitation = state?.ok ? (state.data as InvitationData) : null;
  const link = invitation ? `${window.location.origin}${invitation.path}` : "";
  return (
    <div className="space-y-4">
      <form action={action} className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="space-y-1">
          <label htmlFor="invite-role" className="block text-sm font-medium">
            Role
          </label>
          <select id="invite-role" name="role" defaultValue="member" className={selectClass("w-40")} aria-describedby="invite-role-error">
            {assignable.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create invitation link"}
        </Button>
      </form>
      <FieldError id="invite-role-error" errors={state?.fieldErrors?.role} />
      {invitation ? (
        <div className="space-y-2 rounded-md border border-zinc-200 bg-zinc-50 p-3 dark:border-zinc-800 dark:bg-zinc-950">
          <FormMessage state={state} />
          <div className="flex gap-2">
            <input readOnly value={link} aria-label="Invitation link" data-testid="invitation-link" className="min-w-0 flex-1 rounded border border-zinc-300 bg-white px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900" onFocus={(e) => e.currentTarget.select()} />
            <Button
              type="button"
              variant="secondary"
              size="sm"
              onClick={async () => {
                await navigator.clipboard?.writeText(link).catch(() => undefined);
                setCopied(true);
              }}
            >
              {copied ? <Check className="size-4" aria-hidden /> : <Copy className="size-4" aria-hidden />} {copied ? "Copied" : "Copy"}
            </Button>
          </div>
          <p className="text-xs text-zinc-500">
            Joins as {ROLE_LABELS[invitation.role]}. Works once, until {invitation.expiresAt.slice(0, 10)}.
          </p>
        </div>
      ) : (
        <FormMessage state={state?.fieldErrors ? null : state} />
      )}
    </div>
  );
}
