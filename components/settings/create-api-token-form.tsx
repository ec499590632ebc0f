"use client";
import { useActionState, useState } from "react";
import { KeyRound } from "lucide-react";
import { createApiTokenAction } from "@/lib/actions/create-api-token";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { CopyButton } from "./copy-button";

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
        <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 dark:border-amber-900 dark:bg-amber-950/40" data-testid="new-api-token-panel">
          <p role="status" aria-live="polite" className="text-sm font-medium text-green-700 dark:text-green-400">
            Token “{shown.name}” created.
          </p>
          <p className="text-sm text-amber-900 dark:text-amber-200">Copy it now: it will not be shown again.</p>
          <div className="flex gap-2">
            <input
              readOnly
              value={shown.token}
              aria-label="New API token"
              data-testid="new-api-token"
              className="min-w-0 flex-1 rounded border border-zinc-300 bg-white px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900"
              onFocus={(e) => e.currentTarget.select()}
            />
            <CopyButton key={shown.id} value={shown.token} />
          </div>
          <Button type="button" variant="ghost" size="sm" onClick={() => setShown(null)}>
            I have copied it
          </Button>
        </div>
      ) : null}
    </div>
  );
}
