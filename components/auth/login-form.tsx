"use client";
import { useActionState } from "react";
import { signInAction } from "@/lib/actions/sign-in";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

export function LoginForm({ callbackUrl }: { callbackUrl?: string }) {
  const [state, action, pending] = useActionState(signInAction, null);
  const errors = state?.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? ""} />
      <Field label="E-mail" name="email" type="email" autoComplete="email" required errors={errors.email} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required errors={errors.password} />
      {!errors.password ? <FormMessage state={state} /> : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
