"use client";
import { useActionState } from "react";
import { registerUserAction } from "@/lib/actions/register-user";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { PASSWORD_MIN } from "@/lib/validation";

export function RegisterForm({ callbackUrl }: { callbackUrl?: string }) {
  const [state, action, pending] = useActionState(registerUserAction, null);
  const errors = state?.fieldErrors ?? {};
  const hasFieldErrors = Object.keys(errors).length > 0;
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? ""} />
      <Field label="Name" name="name" autoComplete="name" required errors={errors.name} />
      <Field label="E-mail" name="email" type="email" autoComplete="email" required errors={errors.email} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN}
        hint={`At least ${PASSWORD_MIN} characters.`}
        errors={errors.password}
      />
      {!hasFieldErrors ? <FormMessage state={state} /> : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating account…" : "Create account"}
      </Button>
    </form>
  );
}
