/**
 * Contact sheet of the VisionFit generator: a preview of every exercise and every scene with
 * varied cameras and avatars, with the 2D skeleton, keypoints and bbox from labels.json drawn
 * on top. Writes docs/contact-sheet.png.  Run: npx tsx scripts/contact-sheet.ts
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createCanvas, loadImage } from "@napi-rs/canvas";
import { ffmpegPath } from "../lib/engine/ffmpeg";
import { renderJob } from "../lib/engine/generators/visionfit";
import { EXERCISES, SCENES } from "../lib/engine/generators/visionfit/params";

const TILE = 320;
const CAPTION = 40;
const COLS = 4;

interface Tile {
  params: Record<string, string | number | boolean>;
  caption: string;
}

const tiles: Tile[] = EXERCISES.map((exercise, i) => {
  const scene = SCENES[i % SCENES.length]!;
  const params = {
    exercise,
    scene,
    gender: i % 3 === 1 ? "FEMALE" : "MALE",
    avatar_identity: (i * 7) % 25,
    outfit: i % 5,
    camera_distance: [3.0, 3.4, 2.6, 3.8][i % 4]!,
    camera_height: [0.9, 1.4, 0.6, 1.1][i % 4]!,
    relative_avatar_angle_deg: exercise === "PUSHUP" || exercise === "SIT_UP" || exercise === "BURPEE" ? 70 : [0, 25, -30, 15][i % 4]!,
    add_wall_art: i % 2 === 0,
    wall_art_type: i % 4 === 0 ? "misc_human" : "non_human",
    state: `00000000-0000-4000-8000-${String(1000 + i).padStart(12, "0")}`,
  };
  return { params, caption: `${exercise} · ${scene}` };
});
tiles.push(
  { params: { exercise: "SQUAT", scene: "GYM_1", camera_distance: 4.5, camera_height: 0.4, allowable_occlusion: 100, state: "00000000-0000-4000-8000-000000002001" }, caption: "occluded by bench · GYM_1" },
  { params: { exercise: "JUMPING_JACKS", scene: "BEDROOM_5", lighting_power: 15, enable_sensor_noise: true, state: "00000000-0000-4000-8000-000000002002" }, caption: "dim light + sensor noise" },
  { params: { exercise: "LUNGE-RIGHT", scene: "LIVINGROOM_2", relative_avatar_angle_deg: 90, camera_height: 2.2, relative_height: 2, relative_weight: 2.5, gender: "FEMALE", avatar_identity: 12, add_wall_art: true, wall_art_type: "misc_human", state: "00000000-0000-4000-8000-000000002003" }, caption: "side view, tall & heavy · high camera" },
  { params: { exercise: "UPPERCUT-LEFT", scene: "OFFICE_1", relative_camera_yaw_deg: 12, camera_distance: 2.2, hide_shoes: true, add_socks: true, outfit: 4, state: "00000000-0000-4000-8000-000000002004" }, caption: "yaw 12° · socks, no shoes" },
);

const KP_COLORS = ["#ff3b30", "#ffcc00", "#34c759"];

async function main() {
  const rows = Math.ceil(tiles.length / COLS);
  const sheet = createCanvas(COLS * TILE, rows * (TILE + CAPTION));
  const g = sheet.getContext("2d");
  g.fillStyle = "#111";
  g.fillRect(0, 0, sheet.width, sheet.height);
  const work = mkdtempSync(path.join(tmpdir(), "contact-"));
  try {
    for (const [i, tile] of tiles.entries()) {
      const dir = path.join(work, String(i));
      const t0 = performance.now();
      mkdirSync(dir);
      await renderJob({ jobId: String(i), params: { image_width: TILE, image_height: TILE, ...tile.params }, isPreview: true, outDir: dir, ffmpegPath: ffmpegPath() });
      const labels = JSON.parse(readFileSync(path.join(dir, "labels.json"), "utf8"));
      const img = await loadImage(readFileSync(path.join(dir, "video_preview.png")));
      const x = (i % COLS) * TILE,
        y = Math.floor(i / COLS) * (TILE + CAPTION);
      g.drawImage(img, x, y);
      const ann = labels.annotations[0];
      const kp: number[] = ann.keypoints;
      const skeleton: [number, number][] = labels.categories[0].skeleton;
      g.lineWidth = 1.5;
      for (const [a, b] of skeleton) {
        const va = kp[(a - 1) * 3 + 2]!,
          vb = kp[(b - 1) * 3 + 2]!;
        if (!va || !vb) continue;
        g.strokeStyle = va === 2 && vb === 2 ? "rgba(52,199,89,0.75)" : "rgba(255,204,0,0.7)";
        g.beginPath();
        g.moveTo(x + kp[(a - 1) * 3]!, y + kp[(a - 1) * 3 + 1]!);
        g.lineTo(x + kp[(b - 1) * 3]!, y + kp[(b - 1) * 3 + 1]!);
        g.stroke();
      }
      for (let k = 0; k < 17; k++) {
        const v = kp[k * 3 + 2]!;
        if (!v) continue;
        g.fillStyle = KP_COLORS[v]!;
        g.beginPath();
        g.arc(x + kp[k * 3]!, y + kp[k * 3 + 1]!, 2, 0, Math.PI * 2);
        g.fill();
      }
      const [bx, by, bw, bh] = ann.bbox as number[];
      g.strokeStyle = "rgba(0,170,255,0.9)";
      g.lineWidth = 1.5;
      g.strokeRect(x + bx! + 0.5, y + by! + 0.5, bw!, bh!);
      g.fillStyle = "#eee";
      g.font = "15px sans-serif";
      g.fillText(tile.caption, x + 8, y + TILE + 17);
      g.fillStyle = "#999";
      g.font = "12px sans-serif";
      const p = labels.info;
      g.fillText(`cam ${p.camera_location.map((v: number) => v.toFixed(1)).join(",")} · occl ${ann.percent_occlusion}% · kp ${ann.num_keypoints}`, x + 8, y + TILE + 33);
      console.log(`${tile.caption}: ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  mkdirSync("docs", { recursive: true });
  writeFileSync(path.join("docs", "contact-sheet.png"), await sheet.encode("png"));
  console.log("wrote docs/contact-sheet.png");
}

void main();
