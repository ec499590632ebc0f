"use client";
import { useActionState, useState } from "react";
import { PlugZap, Save, Unplug } from "@/components/ui/icons";
import { clearGenerationConnectionAction } from "@/lib/actions/clear-generation-connection";
import { saveGenerationConnectionAction } from "@/lib/actions/save-generation-connection";
import type { ActionState } from "@/lib/actions/safe-action";
import { testGenerationConnectionAction } from "@/lib/actions/test-generation-connection";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

/**
 * Address and token of the team's own Generation API. The stored token never comes to the
 * browser: the form only knows its last characters, and an empty token field keeps it, for
 * the saved address only (the server sends a stored token nowhere else).
 */
type Intent = "save" | "test";
type Answer = ActionState & { intent: Intent };

/** The address as the server will store it (`new URL(...).href`), to tell whether it is the saved one. */
function normalized(address: string): string {
  try {
    return new URL(address.trim()).href;
  } catch {
    return address.trim();
  }
}

export function GenerationConnectionForm({ url: savedUrl, tokenHint }: { url: string | null; tokenHint: string | null }) {
  // One state for Save and Test, so the last answer replaces the previous one's errors.
  const [answer, submit, pending] = useActionState(async (_previous: Answer | null, form: FormData): Promise<Answer> => {
    const intent: Intent = form.get("intent") === "test" ? "test" : "save";
    const state = intent === "test" ? await testGenerationConnectionAction(null, form) : await saveGenerationConnectionAction(null, form);
    return { ...state, intent };
  }, null);
  const [clearState, clear, clearing] = useActionState(clearGenerationConnectionAction, null);
  const [intent, setIntent] = useState<Intent>("save");
  // Controlled, so the fields survive React's reset of a form after each action.
  const [url, setUrl] = useState(savedUrl ?? "");
  const [token, setToken] = useState("");
  const [answered, setAnswered] = useState(answer);
  if (answer !== answered) {
    setAnswered(answer);
    if (answer?.ok && answer.intent === "save") setToken(""); // stored now; keep no copy on screen
  }
  const saveState = answer?.intent === "save" ? answer : null;
  const testState = answer?.intent === "test" && !answer.fieldErrors ? answer : null;
  const connected = savedUrl !== null;
  // A stored token belongs to the saved address: for any other, the token must be typed again.
  const keepsToken = connected && normalized(url) === savedUrl;
  const tokenHelp = keepsToken
    ? `A token is stored${tokenHint ? `, ending in …${tokenHint}` : ""}. Leave this empty to keep it, or enter a new one to replace it.`
    : connected
      ? `The stored token is only ever sent to ${savedUrl}. Enter the token of this address to test or save it.`
      : "An API token of that Generation API. It is stored encrypted and never shown again.";

  return (
    <div className="space-y-4">
      <form action={submit} className="space-y-4">
        <Field
          label="Address"
          name="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder="https://engine.example.com/"
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
          hint="The server root; the portal calls /api/jobs/, /api/batch/ and so on below it. An address on a private network works only if whoever runs the portal allows it (OUTBOUND_ALLOW)."
          errors={answer?.fieldErrors?.url}
        />
        <Field
          label="API token"
          name="token"
          type="password"
          autoComplete="new-password"
          spellCheck={false}
          placeholder={keepsToken ? `Stored token …${tokenHint ?? ""}` : "Token from that Generation API"}
          value={token}
          onChange={(e) => setToken(e.currentTarget.value)}
          hint={tokenHelp}
          errors={answer?.fieldErrors?.token}
        />
        <div className="flex flex-wrap gap-2">
          <Button type="submit" name="intent" value="save" disabled={pending} onClick={() => setIntent("save")}>
            <Save aria-hidden className="size-4" />
            {pending && intent === "save" ? "Saving…" : "Save"}
          </Button>
          <Button type="submit" name="intent" value="test" variant="secondary" disabled={pending} onClick={() => setIntent("test")}>
            <PlugZap aria-hidden className="size-4" />
            {pending && intent === "test" ? "Testing…" : "Test connection"}
          </Button>
        </div>
        <FormMessage state={saveState ?? (answer?.fieldErrors ? answer : null)} />
        <p
          role="status"
          aria-live="polite"
          data-testid="connection-test-result"
          className={cn(
            "rounded-md border px-3 py-2 text-sm break-words empty:hidden",
            testState?.ok
              ? "border-green-300 bg-green-50 text-green-800 dark:border-green-900 dark:bg-green-950/40 dark:text-green-300"
              : "border-red-300 bg-red-50 text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-300",
          )}
        >
          {pending ? null : (testState?.message ?? null)}
        </p>
      </form>
      {connected ? (
        <form
          action={clear}
          onSubmit={(e) => {
            if (!confirm("Clear the team's Generation API? New batches go to the built-in engine, and the stored token is deleted.")) e.preventDefault();
          }}
          className="flex flex-col items-start gap-2 border-t border-zinc-200 pt-4 dark:border-zinc-800"
        >
          <Button type="submit" variant="danger" size="sm" disabled={clearing}>
            <Unplug aria-hidden className="size-4" />
            {clearing ? "Clearing…" : "Clear connection"}
          </Button>
          <FormMessage state={clearState} />
        </form>
      ) : (
        <FormMessage state={clearState} />
      )}
    </div>
  );
}
