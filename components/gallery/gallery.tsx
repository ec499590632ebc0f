import { Card } from "@/components/ui/card";
import { GalleryLoader } from "./gallery-loader";

function Note({ children }: { children: React.ReactNode }) {
  return <p className="py-4 text-center text-sm text-zinc-500">{children}</p>;
}

/**
 * The report's gallery: finished jobs' frames (or videos) with boxes, skeleton and mask from
 * labels.json. Rendered on the server but for the small loader that opens the grid on demand.
 * `apiBase` is where the report's JSON and files are read: a member's by default, a share
 * link's (`/api/share/<token>`) on the shared page.
 */
export function Gallery({ batchId, kind, apiBase }: { batchId: string; kind: string; apiBase?: string }) {
  return (
    <Card className="space-y-3 p-4 sm:p-5" data-testid="gallery">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="font-medium">Gallery</h2>
        <p className="text-xs text-zinc-500">{kind === "video" ? "Open a video to play it with its labels." : "Click a frame for its parameters and seed."}</p>
      </div>
      <GalleryLoader
        batchId={batchId}
        kind={kind}
        apiBase={apiBase}
        waiting={<Note>Frames appear here as jobs finish.</Note>}
        empty={<Note>No job of this batch succeeded, so there is nothing to show.</Note>}
        loading={
          <p className="text-sm text-zinc-500" role="status">
            Loading gallery…
          </p>
        }
      />
    </Card>
  );
}
