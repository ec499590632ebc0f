/**
 * Drawing a job's COCO labels over its frame: boxes, the 17-point skeleton and the
 * segmentation polygons, in image pixels scaled to whatever size the frame is shown at.
 */

export interface CocoImage {
  id: number;
  width: number;
  height: number;
  frame_number?: number;
}

export interface CocoAnnotation {
  image_id: number;
  bbox?: number[];
  keypoints?: number[];
  segmentation?: number[][] | unknown;
}

export interface CocoLabels {
  info?: { frame_rate?: number };
  images: CocoImage[];
  annotations: CocoAnnotation[];
  categories: { keypoints?: string[]; skeleton?: number[][] }[];
}

export interface Layers {
  boxes: boolean;
  skeleton: boolean;
  mask: boolean;
}

export const LAYER_NAMES: { key: keyof Layers; label: string }[] = [
  { key: "boxes", label: "Boxes" },
  { key: "skeleton", label: "Skeleton" },
  { key: "mask", label: "Mask" },
];

/** The image of a video frame (labels number frames from 0), or the only image of a preview. */
export function imageIndexForFrame(labels: CocoLabels, frame: number): number {
  const exact = labels.images.findIndex((image) => image.frame_number === frame);
  if (exact >= 0) return exact;
  return Math.min(Math.max(0, frame), labels.images.length - 1);
}

const MASK_FILL = "rgba(16, 185, 129, 0.38)";
const MASK_EDGE = "rgba(16, 185, 129, 0.9)";
const BOX = "#f59e0b";
const BONE = "#38bdf8";
const JOINT = "#f43f5e";
const HIDDEN_JOINT = "#fda4af";

/** Draws the chosen layers for one image on a canvas covering the frame's box (object-fit: contain). */
export function drawOverlay(canvas: HTMLCanvasElement, labels: CocoLabels | undefined, imageIndex: number, layers: Layers) {
  const ratio = window.devicePixelRatio || 1;
  const cssWidth = canvas.clientWidth;
  const cssHeight = canvas.clientHeight;
  const width = Math.max(1, Math.round(cssWidth * ratio));
  const height = Math.max(1, Math.round(cssHeight * ratio));
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const image = labels?.images[imageIndex];
  if (!labels || !image || cssWidth === 0 || cssHeight === 0) return;

  // The same letterboxing as the <img>/<video> under the canvas.
  const scale = Math.min(cssWidth / image.width, cssHeight / image.height);
  const offsetX = (cssWidth - image.width * scale) / 2;
  const offsetY = (cssHeight - image.height * scale) / 2;
  ctx.setTransform(ratio * scale, 0, 0, ratio * scale, ratio * offsetX, ratio * offsetY);
  const px = 1 / scale; // one CSS pixel in image pixels: lines stay crisp at any size
  const skeleton = labels.categories[0]?.skeleton ?? [];

  for (const annotation of labels.annotations) {
    if (annotation.image_id !== image.id) continue;
    if (layers.mask && Array.isArray(annotation.segmentation)) {
      ctx.beginPath();
      for (const polygon of annotation.segmentation as number[][]) {
        if (!Array.isArray(polygon) || polygon.length < 6) continue;
        ctx.moveTo(polygon[0]!, polygon[1]!);
        for (let i = 2; i + 1 < polygon.length; i += 2) ctx.lineTo(polygon[i]!, polygon[i + 1]!);
        ctx.closePath();
      }
      ctx.fillStyle = MASK_FILL;
      ctx.fill("evenodd");
      ctx.strokeStyle = MASK_EDGE;
      ctx.lineWidth = px;
      ctx.stroke();
    }
    if (layers.boxes && annotation.bbox?.length === 4) {
      const [x, y, w, h] = annotation.bbox as [number, number, number, number];
      ctx.strokeStyle = BOX;
      ctx.lineWidth = 2 * px;
      ctx.strokeRect(x, y, w, h);
    }
    const points = annotation.keypoints;
    if (layers.skeleton && points && points.length >= 3) {
      const visible = (k: number) => k >= 0 && 3 * k + 2 < points.length && points[3 * k + 2]! > 0;
      ctx.strokeStyle = BONE;
      ctx.lineWidth = 2 * px;
      ctx.lineCap = "round";
      ctx.beginPath();
      // COCO's skeleton numbers keypoints from 1.
      for (const [a, b] of skeleton) {
        const i = a! - 1;
        const j = b! - 1;
        if (!visible(i) || !visible(j)) continue;
        ctx.moveTo(points[3 * i]!, points[3 * i + 1]!);
        ctx.lineTo(points[3 * j]!, points[3 * j + 1]!);
      }
      ctx.stroke();
      for (let k = 0; 3 * k + 2 < points.length; k++) {
        if (!visible(k)) continue;
        ctx.beginPath();
        ctx.arc(points[3 * k]!, points[3 * k + 1]!, 2.5 * px, 0, Math.PI * 2);
        // v = 1: labelled but hidden (by the body itself or furniture); v = 2: visible.
        ctx.fillStyle = points[3 * k + 2] === 2 ? JOINT : HIDDEN_JOINT;
        ctx.fill();
      }
    }
  }
}
