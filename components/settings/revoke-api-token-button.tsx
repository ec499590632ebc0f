"use client";
import { useActionState } from "react";
import { revokeApiTokenAction } from "@/lib/actions/revoke-api-token";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

export function RevokeApiTokenButton({ id, name }: { id: string; name: string }) {
  const [state, action, pending] = useActionState(revokeApiTokenAction, null);
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!confirm(`Revoke “${name}”? Anything using it stops working at once. This cannot be undone.`)) e.preventDefault();
      }}
      className="flex flex-col gap-1 sm:items-end"
    >
      <input type="hidden" name="tokenId" value={id} />
      <Button type="submit" variant="danger" size="sm" disabled={pending}>
        {pending ? "Revoking…" : "Revoke"}
        <span className="sr-only"> {name}</span>
      </Button>
      {/* Success re-renders the row as revoked; only a refusal needs words here. */}
      <FormMessage state={state?.ok ? null : state} className="text-xs" />
    </form>
  );
}
