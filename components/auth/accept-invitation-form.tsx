"use client";
import { useActionState } from "react";
import { acceptInvitationAction } from "@/lib/actions/accept-invitation";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field";

export function AcceptInvitationForm({ token, teamName }: { token: string; teamName: string }) {
  const [state, action, pending] = useActionState(acceptInvitationAction, null);
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="token" value={token} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Joining…" : `Join ${teamName}`}
      </Button>
      <FieldError id="invitation-error" errors={state?.ok === false ? [state.message ?? ""] : undefined} />
    </form>
  );
}
