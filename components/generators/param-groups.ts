import type { ParamSpec } from "@/lib/generation/contract";

export interface ParamGroup {
  id: string;
  title: string;
  params: ParamSpec[];
}

/**
 * Sections of a generator's documentation, by what a parameter's name says it touches. First
 * match wins, so the camera's rules come before the avatar's (relative_avatar_angle_deg turns
 * the view) and the motion's before the output's (kinematic_noise_factor is motion, not sensor
 * noise). A generator whose names match nothing gets one plain list.
 */
const RULES: { id: string; title: string; match: RegExp }[] = [
  { id: "scene", title: "Scene and lighting", match: /^scene$|room|lighting|light_|wall_art|occlusion|furniture/ },
  { id: "motion", title: "Motion", match: /exercise|reps?(_|$)|speed|kinematic|delay|pause|motion/ },
  { id: "camera", title: "Camera", match: /camera|avatar_angle|view/ },
  { id: "avatar", title: "Avatar", match: /gender|avatar|skin|relative_height|relative_weight|outfit|shoes|socks|body|hair/ },
  { id: "output", title: "Output", match: /sensor|noise|frame_rate|fps|image_|resolution|width|height|^state$|seed/ },
];

export function groupParams(params: ParamSpec[]): ParamGroup[] {
  const groups = new Map<string, ParamGroup>();
  for (const rule of RULES) groups.set(rule.id, { id: rule.id, title: rule.title, params: [] });
  const other: ParamGroup = { id: "other", title: "Other parameters", params: [] };
  for (const param of params) {
    const rule = RULES.find((r) => r.match.test(param.name));
    (rule ? groups.get(rule.id)! : other).params.push(param);
  }
  const found = [...groups.values(), other].filter((g) => g.params.length > 0);
  if (found.length === 1 && found[0] === other) return [{ ...other, title: "Parameters" }];
  return found;
}
