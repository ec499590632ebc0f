"use client";
import { useActionState } from "react";
import { revokeShareLinkAction } from "@/lib/actions/revoke-share-link";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

export function RevokeShareLinkButton({ id, label }: { id: string; label: string }) {
  const [state, action, pending] = useActionState(revokeShareLinkAction, null);
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!confirm(`Revoke ${label}? Anyone holding it loses access at once. This cannot be undone.`)) e.preventDefault();
      }}
      className="flex flex-col gap-1 sm:items-end"
    >
      <input type="hidden" name="linkId" value={id} />
      <Button type="submit" variant="danger" size="sm" disabled={pending}>
        {pending ? "Revoking…" : "Revoke"}
        <span className="sr-only"> {label}</span>
      </Button>
      {/* Success re-renders the row as revoked; only a refusal needs words here. */}
      <FormMessage state={state?.ok ? null : state} className="text-xs" />
    </form>
  );
}
