"use client";
import { useActionState, useState } from "react";
import { KeyRound } from "@/components/ui/icons";
import { createApiTokenAction } from "@/lib/actions/create-api-token";
import { API_TOKEN_EXPIRY_CHOICES } from "@/lib/api-token-expiry";
import { Button } from "@/components/ui/button";
import { Field, FieldError, selectClass } from "@/components/ui/field";
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
        <ExpirySelect errors={state?.fieldErrors?.expiresInDays} />
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

/** When the token stops working by itself; a shorter life limits what a leaked token can do. */
function ExpirySelect({ errors }: { errors?: string[] }) {
  const invalid = Boolean(errors?.length);
  return (
    <div className="space-y-1 sm:w-44">
      <label htmlFor="field-expiresInDays" className="block text-sm font-medium">
        Expires
      </label>
      <select
        id="field-expiresInDays"
        name="expiresInDays"
        defaultValue="90"
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? "field-expiresInDays-error" : "field-expiresInDays-hint"}
        className={selectClass()}
      >
        {API_TOKEN_EXPIRY_CHOICES.map((days) => (
          <option key={days} value={String(days)}>
            {days === 365 ? "After a year" : `After ${days} days`}
          </option>
        ))}
        <option value="never">Never</option>
      </select>
      {!invalid ? (
        <p id="field-expiresInDays-hint" className="text-xs text-zinc-500">
          Revoke it sooner any time.
        </p>
      ) : null}
      <FieldError id="field-expiresInDays-error" errors={errors} />
    </div>
  );
}
