/** The engine's view of a generator: its parameter schema and how to render one job. */
export type ParamType = "int" | "float" | "str" | "bool" | "uuid";

export interface ParamSpec {
  name: string;
  type: ParamType;
  default_value: string | number | boolean | null;
  /** `{min, max}` for numbers, `{choices}` for enumerations, null otherwise. */
  options: { min: number; max: number } | { choices: (string | number)[] } | null;
  description: string;
}

export type ParamValues = Record<string, string | number | boolean | null>;

export interface GeneratorSpec {
  name: string;
  version: string;
  description: string;
  params: ParamSpec[];
  options: { preview: boolean };
}

export interface RenderProgress {
  framesDone: number;
  framesTotal: number;
}

export interface RenderRequest {
  jobId: string;
  /** Fully resolved parameter values (defaults filled, `state` set). */
  params: ParamValues;
  isPreview: boolean;
  /** An empty folder the renderer fills; the runner publishes it only when render returns. */
  outDir: string;
  /** ffmpeg executable to use for video encoding. */
  ffmpegPath: string;
}

export interface RenderResult {
  frames: number;
  files: string[];
}
