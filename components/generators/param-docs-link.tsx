"use client";
import { createContext, useContext } from "react";
import { CircleHelp } from "@/components/ui/icons";

/**
 * Which generator's documentation the parameter rows of an editor link to. A context rather
 * than a prop, so the editor between the page and its rows does not have to pass it along.
 */
const GeneratorDocsContext = createContext<string | null>(null);

export function GeneratorDocsProvider({ generator, children }: { generator: string; children: React.ReactNode }) {
  return <GeneratorDocsContext.Provider value={generator}>{children}</GeneratorDocsContext.Provider>;
}

export function paramDocsHref(generator: string, param: string): string {
  return `/generators/${encodeURIComponent(generator)}#param-${param}`;
}

/** A small "?" next to a parameter's name: its documentation and examples, in a new tab. */
export function ParamDocsLink({ param }: { param: string }) {
  const generator = useContext(GeneratorDocsContext);
  if (!generator) return null;
  return (
    <a
      href={paramDocsHref(generator, param)}
      target="_blank"
      rel="noopener"
      title={`What ${param} does, with example frames (opens in a new tab)`}
      aria-label={`Documentation of ${param} (opens in a new tab)`}
      data-testid="param-docs-link"
      className="inline-flex size-6 items-center justify-center rounded text-zinc-400 hover:text-accent focus-visible:outline-2 focus-visible:outline-accent"
    >
      <CircleHelp aria-hidden className="size-3.5" />
    </a>
  );
}
