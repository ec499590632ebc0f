/**
 * Pinhole camera (OpenCV convention: x right, y down, z forward; pixel (i, j) covers
 * [i, i+1) × [j, j+1), so its centre ray goes through i + 0.5). The vertical field of view is
 * fixed, so the focal length in pixels scales with the image height and a wider image sees more.
 */
import { DEG, type Mat3, type Vec3, cross, mvec, norm, sub } from "./math";

export const VERTICAL_FOV_DEG = 55;

export interface Camera {
  width: number;
  height: number;
  f: number;
  cx: number;
  cy: number;
  /** World → camera rotation (rows: right, down, forward). */
  R: Mat3;
  /** World → camera translation: x_cam = R x_world + t. */
  t: Vec3;
  position: Vec3;
  /** Absolute heading (degrees, 0 = looking along -z, + turns left) and tilt (+ up). */
  yawDeg: number;
  pitchDeg: number;
  K: number[][];
  RT: number[][];
  P: number[][];
}

export interface CameraSetup {
  width: number;
  height: number;
  /** Where the camera stands (world). */
  position: Vec3;
  /** What it looks at before the relative turns. */
  target: Vec3;
  relYawDeg: number;
  relPitchDeg: number;
}

export function makeCamera(s: CameraSetup): Camera {
  const f = s.height / 2 / Math.tan((VERTICAL_FOV_DEG * DEG) / 2);
  const d = sub(s.target, s.position);
  const yaw = Math.atan2(d[0], d[2]) + s.relYawDeg * DEG;
  const pitch = Math.atan2(d[1], Math.hypot(d[0], d[2])) + s.relPitchDeg * DEG;
  const fwd: Vec3 = [Math.sin(yaw) * Math.cos(pitch), Math.sin(pitch), Math.cos(yaw) * Math.cos(pitch)];
  const right = norm(cross(fwd, [0, 1, 0]));
  const down = cross(fwd, right);
  const R: Mat3 = [right[0], right[1], right[2], down[0], down[1], down[2], fwd[0], fwd[1], fwd[2]];
  const rc = mvec(R, s.position);
  const t: Vec3 = [-rc[0], -rc[1], -rc[2]];
  const cx = s.width / 2,
    cy = s.height / 2;
  const K = [
    [f, 0, cx],
    [0, f, cy],
    [0, 0, 1],
  ];
  const RT = [
    [R[0], R[1], R[2], t[0]],
    [R[3], R[4], R[5], t[1]],
    [R[6], R[7], R[8], t[2]],
  ];
  const P = K.map((row) => [0, 1, 2, 3].map((j) => row[0]! * RT[0]![j]! + row[1]! * RT[1]![j]! + row[2]! * RT[2]![j]!));
  // Heading reported with 0 = looking along world -z (toward the back wall), + = turned left.
  const yawDeg = Math.atan2(-fwd[0], -fwd[2]) / DEG;
  return { width: s.width, height: s.height, f, cx, cy, R, t, position: s.position, yawDeg, pitchDeg: pitch / DEG, K, RT, P };
}

/** World point → camera space. */
export function toCamera(cam: Camera, p: Vec3): Vec3 {
  const q = mvec(cam.R, p);
  return [q[0] + cam.t[0], q[1] + cam.t[1], q[2] + cam.t[2]];
}

/** World point → pixel coordinates through P (x, y) and camera depth. */
export function project(cam: Camera, p: Vec3): [number, number, number] {
  const P = cam.P;
  const u = P[0]![0]! * p[0] + P[0]![1]! * p[1] + P[0]![2]! * p[2] + P[0]![3]!;
  const v = P[1]![0]! * p[0] + P[1]![1]! * p[1] + P[1]![2]! * p[2] + P[1]![3]!;
  const w = P[2]![0]! * p[0] + P[2]![1]! * p[1] + P[2]![2]! * p[2] + P[2]![3]!;
  return [u / w, v / w, w];
}

/** Unit ray directions (camera space) through every pixel centre, row-major, 3 floats each. */
export function pixelRays(cam: Camera): Float32Array {
  const { width: W, height: H, f, cx, cy } = cam;
  const rays = new Float32Array(W * H * 3);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const dx = (x + 0.5 - cx) / f,
        dy = (y + 0.5 - cy) / f;
      const inv = 1 / Math.sqrt(dx * dx + dy * dy + 1);
      const i = (y * W + x) * 3;
      rays[i] = dx * inv;
      rays[i + 1] = dy * inv;
      rays[i + 2] = inv;
    }
  return rays;
}
