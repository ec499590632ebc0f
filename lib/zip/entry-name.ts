import { ZipRefusal, quoteName } from "./refusal";

/** Longest entry name accepted, in UTF-8 bytes; and longest single path segment (most file systems' limit). */
const NAME_MAX_BYTES = 1024;
const SEGMENT_MAX_BYTES = 255;

/**
 * A job id used as a folder name: letters, digits, dot, dash, underscore, starting with a
 * letter or digit (so never `.` or `..`). This engine's ids are UUIDs; the contract allows any
 * string, and a remote upstream's id becomes a folder in every batch zip and a prefix of every
 * merged COCO file name, so an id that could climb out of its folder is refused.
 */
const JOB_FOLDER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function isSafeJobFolder(jobId: string): boolean {
  return JOB_FOLDER.test(jobId);
}

/**
 * Why `segment` may not be part of a path, or null. Control characters (NUL included) end or
 * garble names in C libraries and terminals; a backslash is a separator on Windows, a colon a
 * drive letter or an NTFS stream; U+FFFD means the name was not valid UTF-8 to begin with.
 */
function segmentProblem(segment: string): string | null {
  if (segment === "") return "an empty path segment";
  if (segment === "." || segment === "..") return `a "${segment}" segment`;
  if (/[\u0000-\u001f\u007f-\u009f]/.test(segment)) return "a control character";
  if (segment.includes("\\")) return "a backslash";
  if (segment.includes(":")) return "a colon (a drive letter or stream name)";
  if (segment.includes("\ufffd")) return "bytes that are not UTF-8";
  if (Buffer.byteLength(segment) > SEGMENT_MAX_BYTES) return `a segment longer than ${SEGMENT_MAX_BYTES} bytes`;
  return null;
}

/**
 * The path of an entry inside its job's folder, checked: a job's zip may hold only
 * `<job_id>/<relative path>`, so that unzipping a batch (or the portal copying entries into
 * one) can never write outside that job's folder. Absolute paths, `..`, backslashes, drive
 * letters and control characters are refused with a sentence naming the entry. A folder entry
 * (`<job_id>/sub/`) gives its path with the trailing slash.
 */
export function jobEntryPath(name: string, jobId: string): string {
  const refuse = (problem: string) => new ZipRefusal(`The zip of job ${jobId} holds an entry named ${quoteName(name)}, which has ${problem}; only files inside the folder ${jobId}/ are accepted.`);
  if (!isSafeJobFolder(jobId)) throw new ZipRefusal(`Job id ${quoteName(jobId)} cannot be used as a folder name (letters, digits, ".", "-" and "_" only).`);
  if (Buffer.byteLength(name) > NAME_MAX_BYTES) throw refuse(`a name longer than ${NAME_MAX_BYTES} bytes`);
  if (name.startsWith("/")) throw refuse("an absolute path");
  if (/^[A-Za-z]:/.test(name)) throw refuse("a drive letter");
  const folder = name.endsWith("/");
  const segments = (folder ? name.slice(0, -1) : name).split("/");
  for (const segment of segments) {
    const problem = segmentProblem(segment);
    if (problem) throw refuse(problem);
  }
  if (segments[0] !== jobId) throw refuse(`a path outside the folder ${jobId}/`);
  if (segments.length < 2 && !folder) throw refuse("no file name inside the folder");
  return segments.slice(1).join("/") + (folder && segments.length > 1 ? "/" : "");
}
