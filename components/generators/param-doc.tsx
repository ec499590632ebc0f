import { Link2 } from "@/components/ui/icons";
import type { GeneratorSpec, ParamSpec, ParamValues } from "@/lib/generation/contract";
import { choicesOf, formatRange, formatValue, isStateParam, rangeOf } from "@/lib/generation/param-kinds";
import { exampleSrc, exampleValues } from "@/lib/portal/generator-examples";
import { ExampleTile } from "./example-tile";

const TYPE_WORDS: Record<ParamSpec["type"], string> = { int: "whole number", float: "number", str: "text", bool: "true / false", uuid: "UUID" };

/** " (with num_reps = 5)": the other values an example changed from their defaults. */
function contextWords(context: ParamValues): string {
  const pairs = Object.entries(context).map(([k, v]) => `${k} = ${String(v)}`);
  return pairs.length ? ` (with ${pairs.join(", ")})` : "";
}

interface Props {
  spec: GeneratorSpec;
  param: ParamSpec;
  /** Null when this page shows no frames at all (the page says why, once, at the top). */
  examples: { overTime?: string; context?: ParamValues } | null;
  videoFrames?: { frames: number[]; context: ParamValues };
}

/** One parameter, with its own anchor so the editor and people can link straight to it. */
export function ParamDoc({ spec, param, examples, videoFrames }: Props) {
  const range = rangeOf(param);
  const choices = param.type === "bool" ? null : choicesOf(param);
  const values = exampleValues(param);
  const showFrames = examples !== null && !examples.overTime && values.length > 0;
  return (
    <section id={`param-${param.name}`} data-testid="param-doc" data-param={param.name} className="scroll-mt-20 py-5 first:pt-0 last:pb-0 md:grid md:grid-cols-[minmax(0,1fr)_24rem] md:gap-6">
      <div className="min-w-0">
        <h3 className="group flex items-center gap-2">
          <a href={`#param-${param.name}`} className="font-mono text-sm font-semibold break-all hover:underline">
            {param.name}
          </a>
          <Link2 aria-hidden className="size-3.5 text-zinc-400 opacity-0 group-hover:opacity-100" />
        </h3>
        <dl className="mt-2 grid grid-cols-[5.5rem_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
          <dt className="text-zinc-500 dark:text-zinc-400">Type</dt>
          <dd>
            <span className="font-mono">{param.type}</span> <span className="text-zinc-500 dark:text-zinc-400">({TYPE_WORDS[param.type]})</span>
          </dd>
          {range ? (
            <>
              <dt className="text-zinc-500 dark:text-zinc-400">Range</dt>
              <dd className="tabular">{formatRange(range)} (inclusive)</dd>
            </>
          ) : null}
          {choices ? (
            <>
              <dt className="text-zinc-500 dark:text-zinc-400">Choices</dt>
              <dd className="flex flex-wrap gap-1">
                {choices.map((c) => (
                  <code key={String(c)} className={`rounded px-1.5 py-0.5 text-xs ${c === param.default_value ? "bg-accent/10 text-accent" : "bg-zinc-100 dark:bg-zinc-800"}`}>
                    {String(c)}
                  </code>
                ))}
              </dd>
            </>
          ) : null}
          <dt className="text-zinc-500 dark:text-zinc-400">Default</dt>
          <dd className="font-mono">{isStateParam(param) && param.default_value === null ? <span className="font-sans">none: drawn for each job and recorded</span> : formatValue(param.default_value)}</dd>
        </dl>
        {param.description ? <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">{param.description}</p> : null}
        {videoFrames ? (
          <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400" data-testid="video-frames">
            Video length{contextWords(videoFrames.context)}:{" "}
            {values.map((e, i) => (
              <span key={String(e.value)} className="tabular">
                {i > 0 ? " · " : ""}
                <span className="font-mono">{String(e.value)}</span> → {videoFrames.frames[i]} frames
              </span>
            ))}
          </p>
        ) : null}
      </div>
      <div className="mt-3 md:mt-0">
        {showFrames ? (
          <>
            <div role="group" className="grid grid-cols-4 gap-2" aria-label={`Examples of ${param.name}`}>
              {values.map((e) => (
                <ExampleTile
                  key={String(e.value)}
                  src={exampleSrc(spec, { param: param.name, value: e.value })}
                  alt={`Preview frame with ${param.name} = ${String(e.value)}`}
                  caption={isStateParam(param) ? String(e.value).slice(-4) : String(e.value)}
                  detail={e.tags.join(" · ")}
                  highlight={e.tags.includes("default")}
                />
              ))}
            </div>
            {examples.context && Object.keys(examples.context).length > 0 ? (
              <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">Drawn{contextWords(examples.context)}, so the effect shows.</p>
            ) : null}
          </>
        ) : examples?.overTime ? (
          <p className="rounded-md bg-zinc-50 p-3 text-xs text-zinc-500 dark:bg-zinc-800/60 dark:text-zinc-400">No example frames: {examples.overTime}</p>
        ) : null}
      </div>
    </section>
  );
}
