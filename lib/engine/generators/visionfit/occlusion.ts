/**
 * Keeps furniture from hiding more of the avatar than allowable_occlusion permits: furniture
 * around the camera is dropped, then pieces are dropped greedily (worst first) while rays cast
 * through the avatar in sampled poses say too much of it is hidden. At 0 % anything in front of
 * the avatar that overlaps it on screen goes.
 */
import { type Prim, primBounds } from "./body";
import { prepareCamPrim, rayHit } from "./cam-prim";
import type { Camera } from "./camera";
import type { Vec3 } from "./math";
import { hitBox } from "./room";
import type { Furniture } from "./scene";

const GRID = 32;

function containsPoint(f: Furniture, p: Vec3, margin: number): boolean {
  return f.boxes.some((b) => p[0] > b.min[0] - margin && p[0] < b.max[0] + margin && p[1] > b.min[1] - margin && p[1] < b.max[1] + margin && p[2] > b.min[2] - margin && p[2] < b.max[2] + margin);
}

/** Screen rectangle and depth range of a set of camera-space points; null if any is behind. */
function screenExtent(cam: Camera, pts: Vec3[]): { r: [number, number, number, number]; near: number; far: number } | null {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity,
    near = Infinity,
    far = -Infinity;
  for (const p of pts) {
    if (p[2] < 0.02) return null;
    const u = (cam.f * p[0]) / p[2] + cam.cx,
      v = (cam.f * p[1]) / p[2] + cam.cy;
    x0 = Math.min(x0, u);
    x1 = Math.max(x1, u);
    y0 = Math.min(y0, v);
    y1 = Math.max(y1, v);
    const d = Math.hypot(p[0], p[1], p[2]);
    near = Math.min(near, d);
    far = Math.max(far, d);
  }
  return { r: [x0, y0, x1, y1], near, far };
}

function corners(lo: Vec3, hi: Vec3): Vec3[] {
  return Array.from({ length: 8 }, (_, k) => [k & 1 ? hi[0] : lo[0], k & 2 ? hi[1] : lo[1], k & 4 ? hi[2] : lo[2]] as Vec3);
}

const toCam = (cam: Camera, p: Vec3): Vec3 => {
  const R = cam.R;
  return [R[0] * p[0] + R[1] * p[1] + R[2] * p[2] + cam.t[0], R[3] * p[0] + R[4] * p[1] + R[5] * p[2] + cam.t[1], R[6] * p[0] + R[7] * p[1] + R[8] * p[2] + cam.t[2]];
};

/**
 * @param poses the avatar in camera space, in a few poses spanning its motion
 * @returns the furniture to keep
 */
export function filterFurniture(furniture: Furniture[], cam: Camera, poses: Prim[][], allowable: number): Furniture[] {
  let kept = furniture.filter((f) => !containsPoint(f, cam.position, 0.3));
  const W = cam.width,
    H = cam.height;

  // Body extent on screen over all poses.
  const bodyPts: Vec3[] = [];
  for (const prims of poses) for (const q of prims) bodyPts.push(...corners(...primBounds(q)));
  const body = screenExtent(cam, bodyPts.filter((p) => p[2] > 0.02));
  if (!body) return kept;

  if (allowable <= 0) {
    // Strict: nothing in front of the avatar may overlap it on screen.
    const [bx0, by0, bx1, by1] = body.r;
    return kept.filter((f) =>
      f.boxes.every((b) => {
        const e = screenExtent(cam, corners(b.min, b.max).map((p) => toCam(cam, p)));
        if (!e) return true;
        const overlap = e.r[0] < bx1 + 3 && e.r[2] > bx0 - 3 && e.r[1] < by1 + 3 && e.r[3] > by0 - 3;
        return !(overlap && e.near < body.far);
      }),
    );
  }

  // Sample rays through each pose; record which furniture hides each body sample.
  const R = cam.R;
  const [ox, oy, oz] = cam.position;
  const x0 = Math.max(0, body.r[0]),
    x1 = Math.min(W, body.r[2]),
    y0 = Math.max(0, body.r[1]),
    y1 = Math.min(H, body.r[3]);
  if (x0 >= x1 || y0 >= y1) return kept;
  const samples: { pose: number; hiders: number[] }[] = [];
  const totals = new Array(poses.length).fill(0) as number[];
  poses.forEach((prims, pi) => {
    const cps = prims.map((q) => prepareCamPrim(q));
    for (let gy = 0; gy < GRID; gy++)
      for (let gx = 0; gx < GRID; gx++) {
        const u = x0 + ((gx + 0.5) * (x1 - x0)) / GRID,
          v = y0 + ((gy + 0.5) * (y1 - y0)) / GRID;
        const dx = (u - cam.cx) / cam.f,
          dy = (v - cam.cy) / cam.f;
        const inv = 1 / Math.sqrt(dx * dx + dy * dy + 1);
        const rx = dx * inv,
          ry = dy * inv,
          rz = inv;
        let tb = Infinity;
        for (const cp of cps) tb = Math.min(tb, rayHit(cp, rx, ry, rz));
        if (tb === Infinity) continue;
        totals[pi]!++;
        const wx = R[0] * rx + R[3] * ry + R[6] * rz,
          wy = R[1] * rx + R[4] * ry + R[7] * rz,
          wz = R[2] * rx + R[5] * ry + R[8] * rz;
        const hiders: number[] = [];
        kept.forEach((f, fi) => {
          if (f.boxes.some((b) => hitBox(b, ox, oy, oz, 1 / wx, 1 / wy, 1 / wz, tb) < tb)) hiders.push(fi);
        });
        if (hiders.length) samples.push({ pose: pi, hiders });
      }
  });

  // A margin below the limit covers poses between the samples and motion noise.
  const limit = allowable * 0.85;
  const removed = new Set<number>();
  for (;;) {
    const hidden = new Array(poses.length).fill(0) as number[];
    const blame = new Map<number, number>();
    for (const s of samples) {
      const active = s.hiders.filter((h) => !removed.has(h));
      if (!active.length) continue;
      hidden[s.pose]!++;
      for (const h of active) blame.set(h, (blame.get(h) ?? 0) + 1);
    }
    const worst = Math.max(...hidden.map((h, i) => (totals[i]! > 0 ? (100 * h) / totals[i]! : 0)));
    if (worst <= limit || blame.size === 0) break;
    const [culprit] = [...blame.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]!;
    removed.add(culprit);
  }
  kept = kept.filter((_, i) => !removed.has(i));
  return kept;
}
