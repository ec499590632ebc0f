"use client";
import { useActionState } from "react";
import { renameTeamAction } from "@/lib/actions/rename-team";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

export function RenameTeamForm({ name, disabled }: { name: string; disabled: boolean }) {
  const [state, action, pending] = useActionState(renameTeamAction, null);
  return (
    <form action={action} className="flex flex-col gap-3 sm:flex-row sm:items-start">
      <Field label="Team name" name="name" defaultValue={name} disabled={disabled} errors={state?.fieldErrors?.name} className="flex-1" />
      <Button type="submit" variant="secondary" disabled={disabled || pending} className="sm:mt-6">
        Save
      </Button>
      <FormMessage state={state?.fieldErrors ? null : state} className="sm:mt-8" />
    </form>
  );
}
