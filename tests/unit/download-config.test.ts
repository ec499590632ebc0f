import { describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/config/env";
import { parseDownloadConfig } from "@/lib/config/downloads";

describe("download limits from the environment", () => {
  it("defaults to 64 GiB per download, 4 heavy downloads per process and 2 per visitor, 10 s in line", () => {
    expect(parseDownloadConfig({})).toEqual({ downloadMaxBytes: 64 * 1024 ** 3, perProcess: 4, perVisitor: 2, queueMs: 10_000 });
  });

  it("reads each variable, and never lets one visitor hold more than the process allows", () => {
    const config = parseDownloadConfig({ DOWNLOAD_MAX_MIB: "1024", HEAVY_DOWNLOADS_PER_PROCESS: "3", HEAVY_DOWNLOADS_PER_VISITOR: "8", HEAVY_DOWNLOAD_QUEUE_SECONDS: "0" });
    expect(config).toEqual({ downloadMaxBytes: 1024 ** 3, perProcess: 3, perVisitor: 3, queueMs: 0 });
  });

  it.each([
    ["DOWNLOAD_MAX_MIB", "lots", /DOWNLOAD_MAX_MIB: DOWNLOAD_MAX_MIB must be a whole number/],
    ["DOWNLOAD_MAX_MIB", "0", /DOWNLOAD_MAX_MIB must be at least 1/],
    ["HEAVY_DOWNLOADS_PER_PROCESS", "1.5", /HEAVY_DOWNLOADS_PER_PROCESS must be a whole number/],
    ["HEAVY_DOWNLOADS_PER_VISITOR", "0", /HEAVY_DOWNLOADS_PER_VISITOR must be at least 1/],
    ["HEAVY_DOWNLOAD_QUEUE_SECONDS", "601", /HEAVY_DOWNLOAD_QUEUE_SECONDS must be at most 600/],
  ])("refuses %s=%s with a sentence naming it", (name, value, message) => {
    expect(() => parseDownloadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseDownloadConfig({ [name]: value })).toThrow(message);
  });
});
