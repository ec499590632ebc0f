/**
 * The avatar's soft shadow on the floor, so it stands on the floor rather than floating over
 * it: blobs under body points, cast away from the light, fainter and wider the higher the
 * point. Applied each frame to the copied room before the body is drawn.
 */
import type { Camera } from "./camera";
import type { Vec3 } from "./math";
import type { RoomLayer } from "./room";
import { J } from "./skeleton";

const CASTERS: [number, number][] = [
  [J.PELVIS, 0.2],
  [J.SPINE, 0.19],
  [J.CHEST, 0.19],
  [J.HEAD, 0.12],
  [J.L_KNEE, 0.09],
  [J.R_KNEE, 0.09],
  [J.L_ANKLE, 0.07],
  [J.R_ANKLE, 0.07],
  [J.L_TOE, 0.06],
  [J.R_TOE, 0.06],
  [J.L_WRIST, 0.06],
  [J.R_WRIST, 0.06],
  [J.L_ELBOW, 0.06],
  [J.R_ELBOW, 0.06],
];

export function applyShadow(frame: Uint8Array, room: RoomLayer, cam: Camera, light: Vec3, joints: Vec3[]): void {
  const sx: number[] = [],
    sz: number[] = [],
    inv: number[] = [],
    w: number[] = [];
  let x0 = Infinity,
    x1 = -Infinity,
    z0 = Infinity,
    z1 = -Infinity;
  for (const [j, r0] of CASTERS) {
    const p = joints[j] as Vec3;
    const h = Math.max(0, p[1]);
    if (h >= light[1] - 0.05) continue;
    const k = light[1] / (light[1] - h);
    const x = light[0] + (p[0] - light[0]) * k,
      z = light[2] + (p[2] - light[2]) * k;
    const r = r0 * (1 + 0.8 * h);
    sx.push(x);
    sz.push(z);
    inv.push(1 / (r * r));
    w.push(Math.exp(-h / 0.7));
    x0 = Math.min(x0, x - 2 * r);
    x1 = Math.max(x1, x + 2 * r);
    z0 = Math.min(z0, z - 2 * r);
    z1 = Math.max(z1, z + 2 * r);
  }
  if (!sx.length) return;
  // Screen rectangle of the shadow's floor area.
  let u0 = Infinity,
    u1 = -Infinity,
    v0 = Infinity,
    v1 = -Infinity;
  const R = cam.R,
    t = cam.t;
  for (const [x, z] of [
    [x0, z0],
    [x1, z0],
    [x0, z1],
    [x1, z1],
  ] as [number, number][]) {
    const cx = R[0] * x + R[2] * z + t[0],
      cy = R[3] * x + R[5] * z + t[1],
      cz = R[6] * x + R[8] * z + t[2];
    if (cz < 0.02) {
      u0 = 0;
      v0 = 0;
      u1 = cam.width - 1;
      v1 = cam.height - 1;
      break;
    }
    u0 = Math.min(u0, (cam.f * cx) / cz + cam.cx);
    u1 = Math.max(u1, (cam.f * cx) / cz + cam.cx);
    v0 = Math.min(v0, (cam.f * cy) / cz + cam.cy);
    v1 = Math.max(v1, (cam.f * cy) / cz + cam.cy);
  }
  const W = cam.width;
  const ux0 = Math.max(0, Math.floor(u0)),
    ux1 = Math.min(W - 1, Math.ceil(u1)),
    vy0 = Math.max(0, Math.floor(v0)),
    vy1 = Math.min(cam.height - 1, Math.ceil(v1));
  const floor = room.floor;
  const n = sx.length;
  for (let y = vy0; y <= vy1; y++) {
    for (let x = ux0; x <= ux1; x++) {
      const i = y * W + x;
      const fx = floor[i * 2]!;
      if (fx !== fx) continue; // NaN: not floor
      const fz = floor[i * 2 + 1]!;
      let occ = 0;
      for (let c = 0; c < n; c++) {
        const dx = fx - sx[c]!,
          dz = fz - sz[c]!;
        const u = (dx * dx + dz * dz) * inv[c]!;
        if (u < 4) {
          const f = 1 / (1 + u * u);
          occ += w[c]! * f;
        }
      }
      if (occ < 0.01) continue;
      const k = 1 - 0.42 * (occ > 1 ? 1 : occ);
      const o = i * 4;
      frame[o] = frame[o]! * k;
      frame[o + 1] = frame[o + 1]! * k;
      frame[o + 2] = frame[o + 2]! * k;
    }
  }
}
