"use client";
import { LAYER_NAMES, type Layers } from "./overlay";

const SWATCH: Record<keyof Layers, string> = { boxes: "bg-amber-500", skeleton: "bg-sky-400", mask: "bg-emerald-500" };

/** The overlay checkboxes, shared by the grid and the dialog. */
export function LayerToggles({ layers, onChange }: { layers: Layers; onChange: (layers: Layers) => void }) {
  return (
    <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm" data-testid="layer-toggles">
      <legend className="sr-only">Overlays</legend>
      {LAYER_NAMES.map(({ key, label }) => (
        <label key={key} className="inline-flex cursor-pointer items-center gap-1.5">
          <input type="checkbox" className="size-4 accent-current" checked={layers[key]} onChange={(e) => onChange({ ...layers, [key]: e.target.checked })} />
          <span aria-hidden className={`inline-block size-2.5 rounded-sm ${SWATCH[key]}`} />
          {label}
        </label>
      ))}
    </fieldset>
  );
}
