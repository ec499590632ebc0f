import "server-only";
import { z } from "zod";
import { parseAllowEntry, type AllowEntry } from "@/lib/net/address-policy";
import { PublicOriginError, parsePublicOrigin } from "@/lib/net/public-origin";
import { NO_TRUSTED_PROXIES, TrustProxyError, parseTrustedProxies, type TrustedProxies } from "@/lib/net/trusted-proxies";

/**
 * Every environment variable the portal reads, parsed once. Each error names the variable
 * and what to set, because a misconfigured deployment should fail at start with a sentence,
 * not later with a stack trace.
 */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

/** A comma-separated list; empty entries (a trailing comma) are ignored. */
function listOf<T>(parse: (entry: string) => { value: T } | { error: string }) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      const entries = (value ?? "").split(",").map((e) => e.trim()).filter(Boolean);
      const parsed: T[] = [];
      for (const entry of entries) {
        const result = parse(entry);
        if ("error" in result) ctx.addIssue({ code: "custom", message: `${result.error} (entries are separated by commas)` });
        else parsed.push(result.value);
      }
      return parsed;
    });
}

function parseOrigin(entry: string): { value: string } | { error: string } {
  const hint = `"${entry}" is not an origin like https://bucket.s3.eu-west-1.amazonaws.com (scheme, host and optional port, nothing after)`;
  try {
    const url = new URL(entry);
    if ((url.protocol !== "http:" && url.protocol !== "https:") || url.username || url.password || url.pathname !== "/" || url.search || url.hash || !/^https?:\/\/[^/]+\/?$/i.test(entry)) return { error: hint };
    return { value: url.origin };
  } catch {
    return { error: hint };
  }
}

const MIB = 1024 * 1024;

/**
 * What the outbound guard (`lib/net`) reads: parsed with the rest at start, and again at call
 * time when the variables change, so tests can allow the ports their local upstreams use.
 */
const outboundSchema = z.object({
  OUTBOUND_ALLOW: listOf<AllowEntry>((entry) => {
    const parsed = parseAllowEntry(entry);
    return typeof parsed === "string" ? { error: parsed } : { value: parsed };
  }),
  RESULT_ORIGINS: listOf<string>(parseOrigin),
  RESULT_MAX_BYTES: optionalString.pipe(
    z
      .string()
      .regex(/^\d{1,16}$/, { error: "RESULT_MAX_BYTES must be a whole number of bytes, like 2147483648 for 2 GiB" })
      .transform(Number)
      .pipe(z.number().min(MIB, { error: "RESULT_MAX_BYTES must be at least 1 MiB (1048576)" }))
      .optional(),
  ),
});

export interface OutboundConfig {
  /** Addresses and hosts the guard may reach although they are not public (self-hosted setups). */
  allow: AllowEntry[];
  /** Origins a Generation API's `result_url` may point to besides the API's own origin. */
  resultOrigins: string[];
  /** The most a result zip may weigh before the portal stops reading it. */
  resultMaxBytes: number;
}

export const DEFAULT_RESULT_MAX_BYTES = 2 * 1024 * MIB;
/**
 * An abuse limit overridden as `<count>/<window>`: `20/15m` is 20 per 15 minutes (`s`, `m` or
 * `h`). Unset: the default chosen, and explained, beside the limit itself. The end-to-end run
 * shortens the windows so its one loopback client can reach a limit and be let in again.
 */
const UNIT_SECONDS = { s: 1, m: 60, h: 3600 } as const;
const rateLimitSpec = (name: string, example: string) =>
  optionalString.pipe(
    z
      .string()
      .regex(/^[1-9]\d{0,5}\/[1-9]\d{0,4}[smh]$/, `${name} must be a count and a window like ${example} (a number, a slash, a number and s, m or h)`)
      .transform((v): LimitSetting => {
        const [max, window] = v.split("/") as [string, string];
        const unit = window.at(-1) as keyof typeof UNIT_SECONDS;
        return { max: Number(max), windowSeconds: Number(window.slice(0, -1)) * UNIT_SECONDS[unit] };
      })
      .optional(),
  );


/** A value parsed by one of lib/net's parsers, whose errors are sentences for this variable. */
function parsedBy<T>(parse: (value: string | undefined) => T, errorType: new (...args: never[]) => Error) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      try {
        return parse(value);
      } catch (error) {
        if (!(error instanceof errorType)) throw error;
        ctx.addIssue({ code: "custom", message: error.message });
        return z.NEVER;
      }
    });
}

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
        .optional(),
    ),
    DATABASE_DRIVER: optionalString.pipe(
      z.enum(["pglite", "pg", "vercel"], {
        error: "DATABASE_DRIVER must be one of pglite, pg, vercel (or left unset)",
      }).optional(),
    ),
    POSTGRES_URL: optionalString,
    DATA_DIR: z.string().default("./data"),
    PGLITE_DATA_DIR: optionalString,
    AUTH_SECRET: optionalString.pipe(
      z.string().min(32, "AUTH_SECRET must be at least 32 characters (try: openssl rand -base64 32)").optional(),
    ),
    AUTH_GITHUB_ID: optionalString,
    AUTH_GITHUB_SECRET: optionalString,
    SEED_DEMO: optionalString.pipe(z.enum(["true", "false"]).optional()),
    GENERATION_API_URL: optionalString.pipe(z.url({ error: "GENERATION_API_URL must be a URL, like https://engine.example.com/" }).optional()),
    GENERATION_API_TOKEN: optionalString,
    SIGN_IN_LIMIT_PER_IP: rateLimitSpec("SIGN_IN_LIMIT_PER_IP", "20/15m"),
    REGISTRATION_LIMIT_PER_IP: rateLimitSpec("REGISTRATION_LIMIT_PER_IP", "5/1h"),
    SHARE_LOOKUP_LIMIT_PER_IP: rateLimitSpec("SHARE_LOOKUP_LIMIT_PER_IP", "30/10m"),
    API_TOKEN_FAILURE_LIMIT_PER_IP: rateLimitSpec("API_TOKEN_FAILURE_LIMIT_PER_IP", "20/10m"),
    PUBLIC_ORIGIN: parsedBy(parsePublicOrigin, PublicOriginError),
    TRUST_PROXY: parsedBy(parseTrustedProxies, TrustProxyError),
  })
  .extend(outboundSchema.shape)
  .superRefine((env, ctx) => {
    if (env.DATABASE_DRIVER === "vercel" && !env.POSTGRES_URL) {
      ctx.addIssue({ code: "custom", path: ["POSTGRES_URL"], message: "DATABASE_DRIVER=vercel needs POSTGRES_URL (the Vercel Postgres connection string)" });
    }
    if (env.DATABASE_DRIVER === "pg" && !env.DATABASE_URL) {
      ctx.addIssue({ code: "custom", path: ["DATABASE_URL"], message: "DATABASE_DRIVER=pg needs DATABASE_URL=postgres://user@host:5432/db" });
    }
    if (env.GENERATION_API_URL && !env.GENERATION_API_TOKEN) {
      ctx.addIssue({ code: "custom", path: ["GENERATION_API_TOKEN"], message: "GENERATION_API_URL needs GENERATION_API_TOKEN, an API token of that Generation API" });
    }
    if (Boolean(env.AUTH_GITHUB_ID) !== Boolean(env.AUTH_GITHUB_SECRET)) {
      ctx.addIssue({ code: "custom", path: ["AUTH_GITHUB_SECRET"], message: "GitHub login needs both AUTH_GITHUB_ID and AUTH_GITHUB_SECRET (or neither)" });
    }
  });

/** At most `max` counted events per `windowSeconds` (see lib/portal/rate-limit.ts). */
export interface LimitSetting {
  max: number;
  windowSeconds: number;
}

export type DatabaseDriver = "pglite" | "pg" | "vercel";

export interface PortalConfig {
  nodeEnv: "development" | "production" | "test";
  driver: DatabaseDriver;
  databaseUrl?: string;
  postgresUrl?: string;
  dataDir: string;
  pgliteDataDir: string;
  /** Embedded mode: PGlite in this process, generated secrets under DATA_DIR. */
  embedded: boolean;
  authSecret?: string;
  github?: { clientId: string; clientSecret: string };
  /** The demo login (published password) exists: SEED_DEMO, else only in development on the embedded database. */
  seedDemo: boolean;
  /** A Generation API elsewhere; unset means the built-in engine in this process. */
  generationApi?: { url: string; token: string };
  outbound: OutboundConfig;
  /** Per-address abuse limits set by the operator; unset ones keep their defaults (lib/portal/login-throttle.ts, registration-limit.ts, share-lookup-limit.ts, lib/engine/auth.ts). */
  rateLimits: { signInPerIp?: LimitSetting; registrationPerIp?: LimitSetting; shareLookupPerIp?: LimitSetting; failedTokenPerIp?: LimitSetting };
  /** Where people reach the portal (`https://portal.example.com`); unset: each request's own Host. */
  publicOrigin?: string;
  /** The reverse proxies whose X-Forwarded-* headers are believed; none by default. */
  trustedProxies: TrustedProxies;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

function configError(error: z.ZodError): ConfigError {
  return new ConfigError(error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)));
}

function outboundOf(env: z.output<typeof outboundSchema>): OutboundConfig {
  return { allow: env.OUTBOUND_ALLOW, resultOrigins: env.RESULT_ORIGINS, resultMaxBytes: env.RESULT_MAX_BYTES ?? DEFAULT_RESULT_MAX_BYTES };
}

export function parseConfig(source: Record<string, string | undefined>): PortalConfig {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) throw configError(parsed.error);
  const env = parsed.data;
  const driver: DatabaseDriver = env.DATABASE_DRIVER ?? (env.DATABASE_URL ? "pg" : "pglite");
  const embedded = driver === "pglite";
  if (!embedded && env.NODE_ENV === "production" && !env.AUTH_SECRET) {
    throw new ConfigError([
      "AUTH_SECRET: required in production with a shared database; set it to 32+ random characters (openssl rand -base64 32)",
    ]);
  }
  return {
    nodeEnv: env.NODE_ENV,
    driver,
    databaseUrl: env.DATABASE_URL,
    postgresUrl: env.POSTGRES_URL,
    dataDir: env.DATA_DIR,
    pgliteDataDir: env.PGLITE_DATA_DIR ?? `${env.DATA_DIR.replace(/\/$/, "")}/pglite`,
    embedded,
    authSecret: env.AUTH_SECRET,
    github:
      env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET
        ? { clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET }
        : undefined,
    // The demo's password is published: on by default only for `npm run dev` on the embedded
    // database, never by default in production (`next start`) or tests.
    seedDemo: env.SEED_DEMO ? env.SEED_DEMO === "true" : embedded && env.NODE_ENV === "development",
    generationApi: env.GENERATION_API_URL && env.GENERATION_API_TOKEN ? { url: env.GENERATION_API_URL, token: env.GENERATION_API_TOKEN } : undefined,
    outbound: outboundOf(env),
    rateLimits: { signInPerIp: env.SIGN_IN_LIMIT_PER_IP, registrationPerIp: env.REGISTRATION_LIMIT_PER_IP, shareLookupPerIp: env.SHARE_LOOKUP_LIMIT_PER_IP, failedTokenPerIp: env.API_TOKEN_FAILURE_LIMIT_PER_IP },
    publicOrigin: env.PUBLIC_ORIGIN,
    trustedProxies: env.TRUST_PROXY ?? NO_TRUSTED_PROXIES,
  };
}

/** Only the outbound guard's variables, without the rest's cross-checks. */
export function parseOutboundConfig(source: Record<string, string | undefined>): OutboundConfig {
  const parsed = outboundSchema.safeParse(source);
  if (!parsed.success) throw configError(parsed.error);
  return outboundOf(parsed.data);
}

let outboundCache: { key: string; config: OutboundConfig } | undefined;

/**
 * The outbound guard's settings as the environment says now. Read on every outbound call (a
 * string comparison when nothing changed) rather than once, so a test can allow the exact
 * port of the upstream it just started.
 */
export function outboundConfig(): OutboundConfig {
  const source = { OUTBOUND_ALLOW: process.env.OUTBOUND_ALLOW, RESULT_ORIGINS: process.env.RESULT_ORIGINS, RESULT_MAX_BYTES: process.env.RESULT_MAX_BYTES };
  const key = JSON.stringify(source);
  if (outboundCache?.key !== key) outboundCache = { key, config: parseOutboundConfig(source) };
  return outboundCache.config;
}

let cached: PortalConfig | undefined;

export function getConfig(): PortalConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
