"use client";
import { useActionState } from "react";
import { leaveTeamAction } from "@/lib/actions/leave-team";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

export function LeaveTeamForm({ teamName }: { teamName: string }) {
  const [state, action, pending] = useActionState(leaveTeamAction, null);
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!confirm(`Leave ${teamName}? You will need a new invitation to come back.`)) e.preventDefault();
      }}
      className="space-y-2"
    >
      <Button type="submit" variant="danger" disabled={pending}>
        Leave {teamName}
      </Button>
      <FormMessage state={state} />
    </form>
  );
}
