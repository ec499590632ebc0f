"use client";
import { useActionState } from "react";
import { changePasswordAction } from "@/lib/actions/change-password";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { PASSWORD_MIN } from "@/lib/validation";

export function ChangePasswordForm({ email }: { email: string }) {
  const [state, action, pending] = useActionState(changePasswordAction, null);
  const errors = state?.fieldErrors ?? {};
  const hasFieldErrors = Object.keys(errors).length > 0;
  return (
    <form action={action} className="max-w-sm space-y-4" noValidate>
      {/* Lets a password manager tell which account the new password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required errors={errors.currentPassword} />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN}
        hint={`At least ${PASSWORD_MIN} characters.`}
        errors={errors.newPassword}
      />
      <Field label="New password again" name="confirmPassword" type="password" autoComplete="new-password" required errors={errors.confirmPassword} />
      {/* Mounted always, so a screen reader hears each answer. */}
      <FormMessage state={hasFieldErrors ? null : state} />
      <Button type="submit" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
