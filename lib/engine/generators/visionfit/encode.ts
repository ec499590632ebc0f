/**
 * Output encoders: PNG through sharp (runs on libuv's thread pool, in parallel with the
 * renderer) and H.264 video through an ffmpeg child process fed raw RGBA on stdin.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import sharp from "sharp";

export function encodePng(pixels: Uint8Array, width: number, height: number, channels: 1 | 3 | 4, compressionLevel = 6): Promise<Buffer> {
  let img = sharp(pixels, { raw: { width, height, channels } });
  // Keep masks single-channel 8-bit greyscale (sharp would otherwise write RGB).
  if (channels === 1) img = img.toColourspace("b-w");
  return img.png({ compressionLevel, adaptiveFiltering: false }).toBuffer();
}

export function abortError(): Error {
  const e = new Error("Render aborted");
  e.name = "AbortError";
  return e;
}

/**
 * ffmpeg encoding raw RGBA frames to H.264 MP4 (yuv420p, +faststart). Odd sizes are padded by
 * one pixel on the right / bottom because yuv420p needs even dimensions; pixel coordinates of
 * the labels are unchanged.
 */
export class VideoEncoder {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly exited: Promise<number | null>;
  private stderr = "";
  private failed: Error | null = null;
  private killed = false;

  constructor(ffmpeg: string, width: number, height: number, fps: number, outPath: string) {
    const args = ["-hide_banner", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgba", "-s", `${width}x${height}`, "-framerate", String(fps), "-i", "pipe:0"];
    if (width % 2 || height % 2) args.push("-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2");
    args.push("-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", "-r", String(fps), "-movflags", "+faststart", "-y", outPath);
    this.proc = spawn(ffmpeg, args, { stdio: ["pipe", "ignore", "pipe"] }) as unknown as ChildProcessWithoutNullStreams;
    this.proc.stderr.on("data", (d: Buffer) => {
      if (this.stderr.length < 8000) this.stderr += d.toString();
    });
    this.proc.stdin.on("error", (e) => {
      this.failed ??= new Error(`ffmpeg input failed: ${e.message} ${this.stderr}`.trim());
    });
    this.exited = new Promise((resolve) => {
      this.proc.on("error", (e) => {
        this.failed ??= new Error(`ffmpeg could not start: ${e.message}`);
        resolve(null);
      });
      this.proc.on("close", (code) => resolve(code));
    });
  }

  /** Queues a frame; resolves once the buffer has been handed to the pipe and may be reused. */
  write(frame: Uint8Array): Promise<void> {
    if (this.killed) return Promise.resolve();
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.proc.stdin.write(frame, (err) => {
        // After kill() the render is already being abandoned: a write cut short is expected,
        // and rejecting a promise nobody awaits any more would be an unhandled rejection.
        if (err && this.killed) resolve();
        else if (err) reject(this.failed ?? new Error(`ffmpeg input failed: ${err.message} ${this.stderr}`.trim()));
        else resolve();
      });
    });
  }

  async finish(): Promise<void> {
    this.proc.stdin.end();
    const code = await this.exited;
    if (this.failed) throw this.failed;
    if (code !== 0) throw new Error(`ffmpeg exited with code ${code}: ${this.stderr.trim()}`);
  }

  /** Stops ffmpeg at once and waits until the process is gone. */
  async kill(): Promise<void> {
    this.killed = true;
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill("SIGKILL");
    this.proc.stdin.destroy();
    await this.exited;
  }
}
