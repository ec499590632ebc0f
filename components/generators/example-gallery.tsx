import type { GeneratorSpec, ParamValues } from "@/lib/generation/contract";
import { choicesOf } from "@/lib/generation/param-kinds";
import { exampleSrc } from "@/lib/portal/generator-examples";
import { ExampleTile } from "./example-tile";

/** A few jobs as the Random mode draws them (fixed seed), to show the range at a glance. */
export function ExampleGallery({ spec, jobs }: { spec: GeneratorSpec; jobs: ParamValues[] }) {
  // The text parameters with choices say the most in a few words (VisionFit: room and exercise).
  const named = spec.params.filter((p) => p.type === "str" && choicesOf(p)).slice(0, 2);
  return (
    <div className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="example-gallery">
      {jobs.map((job, i) => (
        <ExampleTile
          key={i}
          src={exampleSrc(spec, { sample: i })}
          alt={`Random job ${i + 1}: ${named.map((p) => `${p.name} ${String(job[p.name])}`).join(", ")}`}
          caption={named[0] ? String(job[named[0].name]) : `Random job ${i + 1}`}
          detail={named[1] ? String(job[named[1].name]) : undefined}
        />
      ))}
    </div>
  );
}
