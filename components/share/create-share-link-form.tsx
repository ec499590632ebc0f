"use client";
import { useActionState, useState } from "react";
import { Link2 } from "@/components/ui/icons";
import { createShareLinkAction } from "@/lib/actions/create-share-link";
import { ShownOnceSecret } from "@/components/settings/shown-once-secret";
import { Button } from "@/components/ui/button";
import { selectClass } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

interface CreatedLink {
  id: string;
  url: string;
  expiresAt: string | null;
}

const EXPIRY = [
  { value: "1", label: "1 day" },
  { value: "7", label: "7 days" },
  { value: "30", label: "30 days" },
  { value: "never", label: "Never" },
] as const;

export function CreateShareLinkForm({ batchId }: { batchId: string }) {
  // React passes the previous state back to a server action; that state holds the last link,
  // so call the action with none rather than send the link back.
  const [state, action, pending] = useActionState((_previous: unknown, form: FormData) => createShareLinkAction(null, form), null);
  // The last link stays on screen until dismissed, even if a later attempt is refused.
  const [shown, setShown] = useState<CreatedLink | null>(null);
  const [answered, setAnswered] = useState(state);
  if (state !== answered) {
    setAnswered(state);
    if (state?.ok) setShown(state.data as CreatedLink);
  }
  return (
    <div className="space-y-3">
      <form action={action} className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="batchId" value={batchId} />
        <label className="space-y-1 text-sm">
          <span className="block font-medium">Link expires after</span>
          {/* Uncontrolled: React resets the form after the action, back to this default (a controlled select would show the first option). */}
          <select name="expiresInDays" defaultValue="7" className={selectClass("w-40")}>
            {EXPIRY.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" disabled={pending}>
          <Link2 className="size-4" aria-hidden />
          {pending ? "Creating…" : "Create share link"}
        </Button>
      </form>
      <FormMessage state={state && !state.ok ? { ok: false, message: state.fieldErrors?.expiresInDays?.[0] ?? state.message } : null} />
      {shown ? (
        <ShownOnceSecret
          id={shown.id}
          value={shown.url}
          created={`Share link created${shown.expiresAt ? `, valid until ${new Date(shown.expiresAt).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" })}` : ", valid until revoked"}.`}
          warning="Copy it now: only a fingerprint of it is kept, so it cannot be shown again."
          label="New share link"
          testId="new-share-link"
          onDismiss={() => setShown(null)}
        />
      ) : null}
    </div>
  );
}
