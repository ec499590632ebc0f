import { cn } from "./cn";

/** The form-level answer of an action: success in green, anything else in red. */
export function FormMessage({ state, className }: { state: { ok: boolean; message?: string } | null; className?: string }) {
  return (
    <p
      role="status"
      aria-live="polite"
      className={cn("text-sm", state?.ok ? "text-green-700 dark:text-green-400" : "text-red-600 dark:text-red-400", className)}
    >
      {state?.message ?? null}
    </p>
  );
}
