"use client";
import { useActionState } from "react";
import { signOutEverywhereAction } from "@/lib/actions/sign-out-everywhere";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

export function SignOutEverywhereForm() {
  const [state, action, pending] = useActionState(signOutEverywhereAction, null);
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!confirm("Sign out of every device and browser, this one included?")) e.preventDefault();
      }}
      className="space-y-2"
    >
      <Button type="submit" variant="danger" disabled={pending}>
        {pending ? "Signing out…" : "Sign out everywhere"}
      </Button>
      {/* Success leaves for the sign-in page; only a refusal needs words here. */}
      <FormMessage state={state} />
    </form>
  );
}
