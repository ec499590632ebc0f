"use client";
import { useActionState } from "react";
import { deleteWorkflowAction } from "@/lib/actions/delete-workflow";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

export function DeleteWorkflowButton({ workflowId, name }: { workflowId: string; name: string }) {
  const [state, action, pending] = useActionState(deleteWorkflowAction, null);
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!confirm(`Delete the workflow "${name}"? Batches submitted from it keep their recipe.`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="workflowId" value={workflowId} />
      <Button type="submit" size="sm" variant="ghost" disabled={pending} aria-label={`Delete ${name}`}>
        Delete
      </Button>
      <FormMessage state={state?.ok ? null : state} className="text-xs" />
    </form>
  );
}
