/**
 * How the avatar looks: 25 identity presets (skin tone, hair, build proportions) and 5 outfit
 * presets. Colours are albedos in [0, 1] (display-referred, shaded then tone-mapped).
 */
import type { Proportions } from "./skeleton";
import { Rng } from "./rng";

export type RGB = [number, number, number];
export type HairStyle = "short" | "buzz" | "bald" | "long" | "bun" | "ponytail";

export const SKIN_TONES: RGB[] = [
  [0.96, 0.8, 0.69],
  [0.93, 0.75, 0.61],
  [0.87, 0.67, 0.53],
  [0.8, 0.59, 0.44],
  [0.72, 0.53, 0.37],
  [0.63, 0.45, 0.31],
  [0.52, 0.35, 0.24],
  [0.4, 0.27, 0.18],
  [0.29, 0.19, 0.13],
];

const HAIR_COLOURS: RGB[] = [
  [0.05, 0.04, 0.04],
  [0.15, 0.09, 0.06],
  [0.3, 0.19, 0.11],
  [0.47, 0.22, 0.1],
  [0.72, 0.58, 0.35],
  [0.55, 0.54, 0.52],
  [0.1, 0.07, 0.05],
];

export interface Identity {
  skin: RGB;
  hair: RGB;
  maleHair: HairStyle;
  femaleHair: HairStyle;
  proportions: Proportions;
}

const MALE_STYLES: HairStyle[] = ["short", "buzz", "short", "bald", "short"];
const FEMALE_STYLES: HairStyle[] = ["long", "ponytail", "bun", "long", "short"];

/** The 25 presets, built once from a fixed seed so they never change between releases. */
export const IDENTITIES: Identity[] = (() => {
  const rng = new Rng("visionfit-identities-v1");
  return Array.from({ length: 25 }, (_, i) => {
    const f = (spread: number) => 1 + spread * (rng.next() * 2 - 1);
    return {
      skin: SKIN_TONES[(i * 4) % SKIN_TONES.length] as RGB,
      hair: HAIR_COLOURS[(i * 3 + (i >> 2)) % HAIR_COLOURS.length] as RGB,
      maleHair: MALE_STYLES[i % MALE_STYLES.length] as HairStyle,
      femaleHair: FEMALE_STYLES[(i * 2) % FEMALE_STYLES.length] as HairStyle,
      proportions: { shoulder: f(0.07), hip: f(0.07), leg: f(0.03), head: f(0.04), girth: f(0.08) },
    };
  });
})();

export interface Outfit {
  top: RGB;
  /** Upper-arm coverage 0..1, then 1..2 also covers the forearm (2 = long sleeves). */
  sleeve: number;
  /** A crop top: the midriff shows skin. */
  crop: boolean;
  bottom: RGB;
  /** Thigh coverage 0..1, then 1..2 covers the shin (2 = full length). */
  legs: number;
  shoe: RGB;
  sole: RGB;
  sock: RGB;
}

export const OUTFITS: Outfit[] = [
  { top: [0.75, 0.12, 0.12], sleeve: 0.55, crop: false, bottom: [0.16, 0.16, 0.18], legs: 0.55, shoe: [0.92, 0.92, 0.9], sole: [0.3, 0.3, 0.3], sock: [0.95, 0.95, 0.95] },
  { top: [0.1, 0.16, 0.38], sleeve: 2, crop: false, bottom: [0.07, 0.07, 0.08], legs: 2, shoe: [0.5, 0.52, 0.55], sole: [0.9, 0.9, 0.9], sock: [0.1, 0.1, 0.1] },
  { top: [0.55, 0.56, 0.58], sleeve: 0, crop: false, bottom: [0.12, 0.18, 0.4], legs: 0.45, shoe: [0.08, 0.08, 0.09], sole: [0.85, 0.85, 0.85], sock: [0.9, 0.9, 0.9] },
  { top: [0.1, 0.55, 0.55], sleeve: 0, crop: true, bottom: [0.09, 0.09, 0.1], legs: 1.6, shoe: [0.9, 0.35, 0.5], sole: [0.95, 0.95, 0.95], sock: [0.85, 0.85, 0.88] },
  { top: [0.9, 0.62, 0.12], sleeve: 2, crop: false, bottom: [0.42, 0.42, 0.44], legs: 2, shoe: [0.7, 0.1, 0.1], sole: [0.95, 0.95, 0.95], sock: [0.2, 0.2, 0.25] },
];

export interface Look {
  skin: RGB;
  hair: RGB;
  hairStyle: HairStyle;
  outfit: Outfit;
  outfitIndex: number;
  hideShoes: boolean;
  socks: boolean;
  proportions: Proportions;
}

export interface LookParams {
  gender: "MALE" | "FEMALE";
  avatar_identity: number;
  randomize_skin_tone: boolean;
  outfit: number;
  hide_shoes: boolean;
  add_socks: boolean;
  state: string;
}

/** Resolves the avatar's look; random choices (skin override, outfit -1) come from `state`. */
export function resolveLook(p: LookParams, rng: Rng): Look {
  const id = IDENTITIES[Math.min(24, Math.max(0, Math.round(p.avatar_identity)))] as Identity;
  let skin = id.skin;
  // Draw both values unconditionally so one flag never shifts the other's draw.
  const skinT = rng.next();
  const outfitDraw = rng.int(OUTFITS.length);
  if (p.randomize_skin_tone) {
    const x = skinT * (SKIN_TONES.length - 1);
    const i = Math.floor(x);
    const a = SKIN_TONES[i] as RGB,
      b = SKIN_TONES[Math.min(i + 1, SKIN_TONES.length - 1)] as RGB;
    const f = x - i;
    skin = [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
    // Never the preset's own tone: otherwise the flag could change nothing.
    if (Math.abs(skin[0] - id.skin[0]) + Math.abs(skin[1] - id.skin[1]) < 0.08) {
      const j = (SKIN_TONES.indexOf(id.skin) + 4) % SKIN_TONES.length;
      skin = SKIN_TONES[j] as RGB;
    }
  }
  const outfitIndex = p.outfit < 0 ? outfitDraw : Math.min(OUTFITS.length - 1, Math.round(p.outfit));
  return {
    skin,
    hair: id.hair,
    hairStyle: p.gender === "FEMALE" ? id.femaleHair : id.maleHair,
    outfit: OUTFITS[outfitIndex] as Outfit,
    outfitIndex,
    hideShoes: p.hide_shoes,
    socks: p.add_socks,
    proportions: id.proportions,
  };
}
