"use client";
import type { ParamSpec } from "@/lib/generation/contract";
import { applicableModes, MODE_LABELS, type ParamRecipe, type RecipeMode } from "@/lib/generation/recipe";
import { ParamDocsLink } from "@/components/generators/param-docs-link";
import { selectClass } from "@/components/ui/field";
import { choicesFor, rangeFor, startingRecipe } from "./mode-defaults";

const numberInput =
  "w-24 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm tabular dark:border-zinc-700 dark:bg-zinc-900 aria-invalid:border-red-500";

interface Props {
  param: ParamSpec;
  recipe: ParamRecipe;
  error?: string;
  onChange: (recipe: ParamRecipe) => void;
}

function NumberField({ label, value, onChange, invalid }: { label: string; value: number | undefined; onChange: (n: number) => void; invalid: boolean }) {
  return (
    <label className="flex items-center gap-1 text-xs text-zinc-500">
      {label}
      <input type="number" step="any" className={numberInput} value={Number.isFinite(value) ? value : ""} aria-invalid={invalid || undefined} onChange={(e) => onChange(e.target.value === "" ? Number.NaN : Number(e.target.value))} />
    </label>
  );
}

/** One parameter: its mode, and the inputs that mode needs, with its error right below. */
export function ParamRow({ param, recipe, error, onChange }: Props) {
  const id = `param-${param.name}`;
  const r = rangeFor(param);
  const invalid = Boolean(error);
  return (
    <li className="grid gap-2 py-3 sm:grid-cols-[12rem_9rem_1fr] sm:items-start" data-testid="param-row" data-param={param.name}>
      <div>
        <div className="flex items-center gap-1">
          <label htmlFor={`${id}-mode`} className="font-mono text-sm">
            {param.name}
          </label>
          <ParamDocsLink param={param.name} />
        </div>
        <p className="text-xs text-zinc-500">
          {param.type}
          {r ? ` · ${r.min}–${r.max}` : ""} · default {String(param.default_value)}
        </p>
      </div>
      <select
        id={`${id}-mode`}
        aria-label={`${param.name} mode`}
        className={selectClass("py-1")}
        value={recipe.mode}
        onChange={(e) => onChange(startingRecipe(param, e.target.value as RecipeMode))}
      >
        {applicableModes(param).map((mode) => (
          <option key={mode} value={mode}>
            {MODE_LABELS[mode]}
          </option>
        ))}
      </select>
      <div className="space-y-1" aria-describedby={invalid ? `${id}-error` : undefined}>
        <ModeInputs param={param} recipe={recipe} invalid={invalid} onChange={onChange} />
        <p id={`${id}-error`} aria-live="polite" className="text-xs text-red-600 dark:text-red-400" data-testid={`${id}-error`}>
          {error ?? null}
        </p>
      </div>
    </li>
  );
}

function ModeInputs({ param, recipe, invalid, onChange }: { param: ParamSpec; recipe: ParamRecipe; invalid: boolean; onChange: (r: ParamRecipe) => void }) {
  switch (recipe.mode) {
    case "default":
      return <p className="text-xs text-zinc-500">Every job uses {String(param.default_value)}.</p>;
    case "random":
      return <p className="text-xs text-zinc-500">Drawn by the generator&apos;s own sampler.</p>;
    case "fixed":
      return <FixedInput param={param} value={recipe.value} invalid={invalid} onChange={(value) => onChange({ mode: "fixed", value })} />;
    case "uniform":
    case "integer":
      return (
        <div className="flex flex-wrap gap-3">
          <NumberField label="min" value={recipe.min} invalid={invalid} onChange={(min) => onChange({ ...recipe, min })} />
          <NumberField label="max" value={recipe.max} invalid={invalid} onChange={(max) => onChange({ ...recipe, max })} />
        </div>
      );
    case "normal":
      return (
        <div className="flex flex-wrap gap-3">
          <NumberField label="mean" value={recipe.mean} invalid={invalid} onChange={(mean) => onChange({ ...recipe, mean })} />
          <NumberField label="sd" value={recipe.sd} invalid={invalid} onChange={(sd) => onChange({ ...recipe, sd })} />
        </div>
      );
    case "sweep":
      return rangeFor(param) ? (
        <div className="flex flex-wrap gap-3">
          <NumberField label="from" value={recipe.from} invalid={invalid} onChange={(from) => onChange({ ...recipe, from })} />
          <NumberField label="to" value={recipe.to} invalid={invalid} onChange={(to) => onChange({ ...recipe, to })} />
        </div>
      ) : (
        <p className="text-xs text-zinc-500">Every choice in turn, spread over the jobs.</p>
      );
    case "choice":
      return (
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {choicesFor(param).map((value) => {
            const option = recipe.options.find((o) => o.value === value);
            const setWeight = (weight: number | null) =>
              onChange({ mode: "choice", options: choicesFor(param).flatMap((v) => (v === value ? (weight === null ? [] : [{ value: v, weight }]) : recipe.options.filter((o) => o.value === v))) });
            return (
              <span key={String(value)} className="flex items-center gap-1 text-xs">
                <label className="flex items-center gap-1">
                  <input type="checkbox" checked={Boolean(option)} onChange={(e) => setWeight(e.target.checked ? 1 : null)} aria-label={`${param.name} ${String(value)}`} />
                  {String(value)}
                </label>
                {option ? (
                  <input
                    type="number"
                    min={0}
                    step="any"
                    aria-label={`weight of ${String(value)}`}
                    className="w-14 rounded border border-zinc-300 bg-white px-1 py-0.5 text-xs tabular dark:border-zinc-700 dark:bg-zinc-900"
                    value={option.weight}
                    onChange={(e) => setWeight(Number(e.target.value))}
                  />
                ) : null}
              </span>
            );
          })}
        </div>
      );
  }
}

function FixedInput({ param, value, invalid, onChange }: { param: ParamSpec; value: unknown; invalid: boolean; onChange: (v: string | number | boolean | null) => void }) {
  const options = choicesFor(param);
  if (param.type === "bool") {
    return (
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} aria-label={`${param.name} value`} /> {value === true ? "true" : "false"}
      </label>
    );
  }
  if (options.length > 0) {
    return (
      <select aria-label={`${param.name} value`} className={selectClass("w-56 py-1")} value={String(value)} onChange={(e) => onChange(options.find((o) => String(o) === e.target.value) ?? e.target.value)}>
        {options.map((o) => (
          <option key={String(o)} value={String(o)}>
            {String(o)}
          </option>
        ))}
      </select>
    );
  }
  const numeric = param.type === "int" || param.type === "float";
  return (
    <input
      aria-label={`${param.name} value`}
      aria-invalid={invalid || undefined}
      className={numeric ? numberInput : `${numberInput} w-80`}
      type={numeric ? "number" : "text"}
      step="any"
      value={value === null || value === undefined ? "" : String(value)}
      onChange={(e) => onChange(numeric ? (e.target.value === "" ? null : Number(e.target.value)) : e.target.value || null)}
    />
  );
}
