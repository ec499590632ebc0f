/**
 * The two things the portal does with a job's labels.json: cut it to one frame (a video's
 * gallery thumbnail) and renumber it into the merged COCO file. Pure functions of the file's
 * bytes, so they run in this thread for small files and on a worker thread for large ones
 * (lib/portal/labels-work.ts); no imports, because the worker loads this module on its own.
 */

export interface FrameCut {
  frame: number;
}

export interface CocoSlice {
  /** The job's folder in the batch zip: prefixed to file names, and each image's `job_id`. */
  jobId: string;
  /** Ids given to this job's first image and first annotation: one past the previous job's last. */
  firstImageId: number;
  firstAnnotationId: number;
}

/** This job's share of the merged COCO file: its images and annotations as JSON array members, comma-joined. */
export interface CocoPart {
  images: string;
  annotations: string;
  imageCount: number;
  annotationCount: number;
  categories: unknown[];
}

interface Labels {
  info?: unknown;
  images: { id: unknown; file_name?: unknown; frame_number?: unknown }[];
  annotations: { image_id: unknown }[];
  categories: unknown[];
  [key: string]: unknown;
}

/** A refusal whose message is a sentence about the file, not about JavaScript. */
export class LabelsRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LabelsRefusal";
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** labels.json parsed and checked for the shape both uses rely on (COCO's three lists). */
function parseLabels(bytes: Uint8Array): Labels {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
  } catch {
    throw new LabelsRefusal("labels.json is not valid JSON.");
  }
  if (!isObject(parsed)) throw new LabelsRefusal("labels.json is not a COCO object.");
  const { images, annotations } = parsed;
  const categories = parsed.categories ?? [];
  if (!Array.isArray(images) || !images.every(isObject)) throw new LabelsRefusal("labels.json has no list of images.");
  if (!Array.isArray(annotations) || !annotations.every(isObject)) throw new LabelsRefusal("labels.json has no list of annotations.");
  if (!Array.isArray(categories)) throw new LabelsRefusal("labels.json has categories that are not a list.");
  return { ...parsed, images, annotations, categories } as Labels;
}

/** labels.json cut down to one frame: a video thumbnail needs frame 0's labels, not the whole clip's. */
export function cutToFrame(bytes: Uint8Array, { frame }: FrameCut): Uint8Array {
  const labels = parseLabels(bytes);
  const images = labels.images.filter((image, index) => (image.frame_number ?? index) === frame);
  const ids = new Set(images.map((image) => image.id));
  return Buffer.from(JSON.stringify({ ...labels, images, annotations: labels.annotations.filter((a) => ids.has(a.image_id)) }));
}

/**
 * One job's images and annotations as they go in the merged COCO file: ids renumbered from the
 * given firsts (so they stay unique across jobs), each annotation pointed at its image's new
 * id, file names prefixed with the job's folder, each image tagged with the job id and the
 * job's scene info. Serialized here, member by member, exactly as JSON.stringify would write
 * them inside the whole document.
 */
export function cocoPart(bytes: Uint8Array, slice: CocoSlice): CocoPart {
  const labels = parseLabels(bytes);
  const imageIds = new Map<unknown, number>();
  const images: string[] = [];
  for (const image of labels.images) {
    const id = slice.firstImageId + images.length;
    imageIds.set(image.id, id);
    images.push(JSON.stringify({ ...image, id, file_name: `${slice.jobId}/${String(image.file_name)}`, job_id: slice.jobId, job_info: labels.info }));
  }
  const annotations: string[] = [];
  for (const annotation of labels.annotations) {
    annotations.push(JSON.stringify({ ...annotation, id: slice.firstAnnotationId + annotations.length, image_id: imageIds.get(annotation.image_id) ?? annotation.image_id }));
  }
  return { images: images.join(","), annotations: annotations.join(","), imageCount: images.length, annotationCount: annotations.length, categories: labels.categories };
}
