"use client";
import { useActionState, useState } from "react";
import { KeyRound } from "@/components/ui/icons";
import { createApiTokenAction } from "@/lib/actions/create-api-token";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { ShownOnceSecret } from "./shown-once-secret";

interface CreatedToken {
  id: string;
  token: string;
  prefix: string;
  name: string;
}

export function CreateApiTokenForm() {
  // React passes the previous state back to a server action with each submission; that state
  // holds the last token, so call the action with none rather than send the token back.
  const [state, action, pending] = useActionState((_previous: unknown, form: FormData) => createApiTokenAction(null, form), null);
  // Controlled, so a refused name stays in the field to be corrected instead of being reset.
  const [name, setName] = useState("");
  // The last token stays on screen until dismissed, even if a later attempt is refused.
  const [shown, setShown] = useState<CreatedToken | null>(null);
  const [answered, setAnswered] = useState(state);
  if (state !== answered) {
    // Adjusting state during render (not in an effect), once per answer.
    setAnswered(state);
    if (state?.ok) {
      setName("");
      setShown(state.data as CreatedToken);
    }
  }
  return (
    <div className="space-y-4">
      <form action={action} className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <Field
          label="Token name"
          name="name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          placeholder="CI pipeline"
          hint="What will use it, so you know which one to revoke later."
          autoComplete="off"
          errors={state?.fieldErrors?.name}
          className="flex-1"
        />
        <Button type="submit" disabled={pending} className="sm:mt-6">
          <KeyRound className="size-4" aria-hidden />
          {pending ? "Creating…" : "Create token"}
        </Button>
      </form>
      {/* Refusals that belong to no field (a role taken away meanwhile, a server error). */}
      <FormMessage state={state && !state.ok && !state.fieldErrors ? state : null} />
      {shown ? (
        <ShownOnceSecret
          id={shown.id}
          value={shown.token}
          created={`Token “${shown.name}” created.`}
          warning="Copy it now: it will not be shown again."
          label="New API token"
          testId="new-api-token"
          onDismiss={() => setShown(null)}
        />
      ) : null}
    </div>
  );
}
