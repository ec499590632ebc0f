// Worker-thread entry for large labels.json files (lib/portal/labels-work.ts). It runs outside
// Next's bundle, so it loads the TypeScript module through tsx, as the render worker does.
import { register } from "tsx/esm/api";
import { pathToFileURL } from "node:url";
import path from "node:path";

register();

const labels = import(pathToFileURL(path.join(process.cwd(), "lib", "portal", "coco-labels.ts")).href);

/** One task: `cutToFrame` or `cocoPart` on the bytes (an ArrayBuffer moved here, not copied). */
export default async function labelsTask({ task, bytes, options }) {
  const coco = await labels;
  try {
    return { ok: task === "frame" ? coco.cutToFrame(new Uint8Array(bytes), options) : coco.cocoPart(new Uint8Array(bytes), options) };
  } catch (error) {
    // A refusal's sentence travels back as data: the class does not survive the thread boundary.
    if (error?.name === "LabelsRefusal") return { refused: error.message };
    throw error;
  }
}
