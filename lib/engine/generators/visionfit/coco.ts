/** labels.json: COCO with VisionFit's scene-level `info` (camera matrices, avatar, scene). */
import { DEG } from "./math";
import type { Annotation } from "./labels";
import { cocoCategories, round } from "./labels";
import { VISIONFIT_NAME, VISIONFIT_VERSION } from "./params";
import type { Plan } from "./plan";

/**
 * Labels must be byte-identical for the same parameters and state, so the creation time is
 * a fixed instant (the generator's release), not the wall clock.
 */
export const CREATION_TIME = "2024-01-01T00:00:00+00:00";

export interface ImageEntry {
  id: number;
  width: number;
  height: number;
  file_name: string;
  frame_number: number;
  rep_count_from_start: number;
}

const mat = (m: number[][], d = 8) => m.map((row) => row.map((x) => round(x, d)));

export function buildLabels(plan: Plan, images: ImageEntry[], annotations: Annotation[]) {
  const cam = plan.camera;
  const p = plan.p;
  return {
    info: {
      description: "VisionFit synthetic exercise data",
      generator: VISIONFIT_NAME,
      generator_name: VISIONFIT_NAME,
      generator_version: VISIONFIT_VERSION,
      creation_time: CREATION_TIME,
      date_created: CREATION_TIME,
      scene_id: p.scene,
      exercise: p.exercise,
      image_width: cam.width,
      image_height: cam.height,
      frame_rate: p.frame_rate,
      num_frames: images.length,
      world_frame: "metres, +y up, floor y=0, avatar at the origin",
      camera_frame: "OpenCV: x right, y down, z forward; pixel (i, j) covers [i, i+1) x [j, j+1)",
      camera_K_matrix: mat(cam.K),
      camera_RT_matrix: mat(cam.RT),
      camera_P_matrix: mat(cam.P),
      camera_location: cam.position.map((x) => round(x, 5)),
      camera_height: round(cam.position[1], 5),
      camera_pitch: round(cam.pitchDeg, 4),
      camera_yaw: round(cam.yawDeg, 4),
      camera_vertical_fov: round((2 * Math.atan(cam.height / 2 / cam.f)) / DEG, 4),
      avatar_location: plan.toWorld.t.map((x) => round(x, 5)),
      avatar_yaw: round(plan.avatarYaw / DEG, 4),
      avatar_gender: p.gender,
      avatar_identity: p.avatar_identity,
      avatar_outfit: plan.look.outfitIndex,
      avatar_height_m: round(plan.shape.height, 4),
      furniture: plan.room.furniture,
      wall_art: plan.room.arts.length,
    },
    licenses: [],
    images,
    categories: cocoCategories(),
    annotations,
  };
}
