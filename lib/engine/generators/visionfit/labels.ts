/**
 * COCO labels from the frame's geometry: keypoints are the 3D joints projected by P, their
 * visibility comes from the instance mask and the body's depth / part buffers, bbox and area
 * come from the mask, and the cuboid is the avatar's 3D box projected.
 */
import { PART, type Prim, primBounds } from "./body";
import type { CompositeStats } from "./body-composite";
import { BodyRaster } from "./body-raster";
import { rayHit } from "./cam-prim";
import { type Camera, project, toCamera } from "./camera";
import type { Mat3, Vec3 } from "./math";
import { maskPolygons } from "./polygon";
import { type BodyShape, COCO_JOINTS, COCO_KEYPOINTS, COCO_SKELETON } from "./skeleton";

export const round = (x: number, d: number): number => {
  const k = 10 ** d;
  const r = Math.round(x * k) / k;
  return r === 0 ? 0 : r; // no "-0" in JSON
};

/** Body parts whose surface may show each COCO keypoint, and how deep below it the joint sits. */
function visibilityRules(shape: BodyShape): { parts: Set<number>; depth: number }[] {
  const s = (...p: number[]) => new Set(p);
  const face = s(PART.HEAD);
  const sh = Math.max(shape.upperArmR[0], shape.chest[2] * 0.6) + 0.05;
  const hip = Math.max(shape.pelvis[2], shape.thighR[0]) + 0.06;
  return [
    { parts: face, depth: 0.03 },
    { parts: face, depth: 0.03 },
    { parts: face, depth: 0.03 },
    { parts: s(PART.HEAD, PART.HAIR), depth: 0.04 },
    { parts: s(PART.HEAD, PART.HAIR), depth: 0.04 },
    { parts: s(PART.L_UPPER_ARM, PART.L_TRAP, PART.CHEST), depth: sh },
    { parts: s(PART.R_UPPER_ARM, PART.R_TRAP, PART.CHEST), depth: sh },
    { parts: s(PART.L_UPPER_ARM, PART.L_FOREARM), depth: shape.upperArmR[1] + 0.04 },
    { parts: s(PART.R_UPPER_ARM, PART.R_FOREARM), depth: shape.upperArmR[1] + 0.04 },
    { parts: s(PART.L_FOREARM, PART.L_HAND), depth: shape.forearmR[1] + 0.04 },
    { parts: s(PART.R_FOREARM, PART.R_HAND), depth: shape.forearmR[1] + 0.04 },
    { parts: s(PART.PELVIS, PART.L_THIGH), depth: hip },
    { parts: s(PART.PELVIS, PART.R_THIGH), depth: hip },
    { parts: s(PART.L_THIGH, PART.L_SHIN), depth: shape.thighR[1] + 0.04 },
    { parts: s(PART.R_THIGH, PART.R_SHIN), depth: shape.thighR[1] + 0.04 },
    { parts: s(PART.L_SHIN, PART.L_FOOT), depth: shape.shinR[1] + 0.05 },
    { parts: s(PART.R_SHIN, PART.R_FOOT), depth: shape.shinR[1] + 0.05 },
  ];
}

export interface Annotation {
  id: number;
  image_id: number;
  category_id: number;
  iscrowd: number;
  bbox: number[];
  area: number;
  segmentation: number[][];
  keypoints: number[];
  num_keypoints: number;
  keypoints_3d: number[];
  cuboid_coordinates: number[][];
  cuboid_coordinates_3d: number[][];
  percent_in_fov: number;
  percent_occlusion: number;
}

export class Labeller {
  private readonly rules: { parts: Set<number>; depth: number }[];

  constructor(
    private readonly cam: Camera,
    shape: BodyShape,
  ) {
    this.rules = visibilityRules(shape);
  }

  /**
   * Annotation of one frame. `joints` are world positions; `localBox` is the avatar's box in its
   * own frame with `toWorld` its pose; `camPrims` the body in camera space.
   */
  annotate(
    frame: number,
    joints: Vec3[],
    localBox: [Vec3, Vec3],
    toWorld: { R: Mat3; t: Vec3 },
    br: BodyRaster,
    mask: Uint8Array,
    stats: CompositeStats,
    camPrims: Prim[],
  ): Annotation {
    const cam = this.cam;
    const W = cam.width,
      H = cam.height;
    const keypoints: number[] = [];
    const k3: number[] = [];
    let num = 0;
    COCO_JOINTS.forEach((j, n) => {
      const X = joints[j] as Vec3;
      const [u, v, w] = project(cam, X);
      let vis = 0;
      if (w > 0 && u >= 0 && u < W && v >= 0 && v < H) {
        const i = Math.floor(v) * W + Math.floor(u);
        vis = 1;
        const k = br.prim[i]!;
        if (mask[i] && k !== BodyRaster.NONE) {
          const rule = this.rules[n]!;
          const c = toCamera(cam, X);
          const dist = Math.hypot(c[0], c[1], c[2]);
          const part = br.prims[k]!.src.part;
          if (rule.parts.has(part) && br.depth[i]! >= dist - rule.depth) vis = 2;
        }
      }
      if (vis > 0) num++;
      keypoints.push(round(u, 3), round(v, 3), vis);
      k3.push(round(X[0], 5), round(X[1], 5), round(X[2], 5));
    });

    const [lo, hi] = localBox;
    const cub3: number[][] = [];
    const cub: number[][] = [];
    // Corner order: bit 0 → +x (avatar's left), bit 1 → +y (up), bit 2 → +z (front).
    for (let c = 0; c < 8; c++) {
      const p: Vec3 = [c & 1 ? hi[0] : lo[0], c & 2 ? hi[1] : lo[1], c & 4 ? hi[2] : lo[2]];
      const R = toWorld.R;
      const wp: Vec3 = [R[0] * p[0] + R[1] * p[1] + R[2] * p[2] + toWorld.t[0], R[3] * p[0] + R[4] * p[1] + R[5] * p[2] + toWorld.t[1], R[6] * p[0] + R[7] * p[1] + R[8] * p[2] + toWorld.t[2]];
      cub3.push(wp.map((x) => round(x, 4)));
      const [u, v] = project(cam, wp);
      cub.push([round(u, 2), round(v, 2)]);
    }

    const [x0, y0, x1, y1] = stats.bbox;
    const empty = x0 > x1;
    const bbox = empty ? [0, 0, 0, 0] : [x0, y0, x1 - x0 + 1, y1 - y0 + 1];
    const segmentation = empty ? [] : maskPolygons(mask, W, H, stats.bbox);
    const inFov = this.fovPercent(br, camPrims, joints);
    const occl = stats.bodyOnly > 0 ? (100 * (stats.bodyOnly - stats.visible)) / stats.bodyOnly : 0;
    return {
      id: frame,
      image_id: frame,
      category_id: 0,
      iscrowd: 0,
      bbox,
      area: stats.visible,
      segmentation,
      keypoints,
      num_keypoints: num,
      keypoints_3d: k3,
      cuboid_coordinates: cub,
      cuboid_coordinates_3d: cub3,
      percent_in_fov: round(inFov, 2),
      percent_occlusion: round(occl, 2),
    };
  }

  /**
   * Share of the body's projected area inside the image: exact 100 when the body's screen
   * bounds lie inside, else estimated by casting a grid of rays over the unclipped bounds.
   */
  private fovPercent(br: BodyRaster, camPrims: Prim[], joints: Vec3[]): number {
    const cam = this.cam;
    const { f, cx, cy, width: W, height: H } = cam;
    let x0 = Infinity,
      y0 = Infinity,
      x1 = -Infinity,
      y1 = -Infinity;
    for (const q of camPrims) {
      const [lo, hi] = primBounds(q);
      for (let c = 0; c < 8; c++) {
        const x = c & 1 ? hi[0] : lo[0],
          y = c & 2 ? hi[1] : lo[1],
          z = c & 4 ? hi[2] : lo[2];
        if (z < 0.05) {
          // Part of the body is beside or behind the camera: count joints in view instead.
          const inside = joints.filter((X) => {
            const [u, v, w] = project(cam, X);
            return w > 0 && u >= 0 && u < W && v >= 0 && v < H;
          }).length;
          return (100 * inside) / joints.length;
        }
        const u = (f * x) / z + cx,
          v = (f * y) / z + cy;
        x0 = Math.min(x0, u);
        x1 = Math.max(x1, u);
        y0 = Math.min(y0, v);
        y1 = Math.max(y1, v);
      }
    }
    if (x0 >= 0 && y0 >= 0 && x1 <= W && y1 <= H) return 100;
    const N = 48;
    let hit = 0,
      inside = 0;
    for (let gy = 0; gy < N; gy++)
      for (let gx = 0; gx < N; gx++) {
        const u = x0 + ((gx + 0.5) * (x1 - x0)) / N,
          v = y0 + ((gy + 0.5) * (y1 - y0)) / N;
        const dx = (u - cx) / f,
          dy = (v - cy) / f;
        const inv = 1 / Math.sqrt(dx * dx + dy * dy + 1);
        const rx = dx * inv,
          ry = dy * inv,
          rz = inv;
        let any = false;
        for (const cp of br.prims)
          if (rayHit(cp, rx, ry, rz) < Infinity) {
            any = true;
            break;
          }
        if (!any) continue;
        hit++;
        if (u >= 0 && u < W && v >= 0 && v < H) inside++;
      }
    return hit ? (100 * inside) / hit : 0;
  }
}

export function cocoCategories() {
  return [{ id: 0, name: "person", supercategory: "person", keypoints: [...COCO_KEYPOINTS], skeleton: COCO_SKELETON.map((e) => [...e]) }];
}

