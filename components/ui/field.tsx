import { cn } from "./cn";

const inputClass =
  "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-xs placeholder:text-zinc-400 focus:border-accent focus:outline-2 focus:outline-accent/30 aria-invalid:border-red-500 dark:border-zinc-700 dark:bg-zinc-900";

interface FieldProps extends React.InputHTMLAttributes<HTMLInputElement> {
  label: string;
  name: string;
  errors?: string[];
  hint?: string;
}

/** A labelled input whose errors sit right under it and are announced to screen readers. */
export function Field({ label, name, errors, hint, className, id, ...props }: FieldProps) {
  const inputId = id ?? `field-${name}`;
  const errorId = `${inputId}-error`;
  const hintId = `${inputId}-hint`;
  const invalid = Boolean(errors?.length);
  return (
    <div className={cn("space-y-1", className)}>
      <label htmlFor={inputId} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={inputId}
        name={name}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? errorId : hint ? hintId : undefined}
        className={inputClass}
        {...props}
      />
      {hint && !invalid ? (
        <p id={hintId} className="text-xs text-zinc-500">
          {hint}
        </p>
      ) : null}
      <FieldError id={errorId} errors={errors} />
    </div>
  );
}

export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  return (
    <p id={id} aria-live="polite" className="min-h-0 text-sm text-red-600 dark:text-red-400" data-testid={id}>
      {errors?.[0] ?? null}
    </p>
  );
}

export function selectClass(extra?: string): string {
  return cn(inputClass, "pr-8", extra);
}
