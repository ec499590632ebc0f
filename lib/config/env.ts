import "server-only";
import { z } from "zod";
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
    PUBLIC_ORIGIN: parsedBy(parsePublicOrigin, PublicOriginError),
    TRUST_PROXY: parsedBy(parseTrustedProxies, TrustProxyError),
  })
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

export type DatabaseDriver = "pglite" | "pg" | "vercel";

export interface PortalConfig {
  nodeEnv: "development" | "production" | "test";
  driver: DatabaseDriver;
  databaseUrl?: string;
  postgresUrl?: string;
  dataDir: string;
  pgliteDataDir: string;
  /** Embedded mode: PGlite in this process, generated secrets under DATA_DIR, a demo login. */
  embedded: boolean;
  authSecret?: string;
  github?: { clientId: string; clientSecret: string };
  seedDemo: boolean;
  /** A Generation API elsewhere; unset means the built-in engine in this process. */
  generationApi?: { url: string; token: string };
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

export function parseConfig(source: Record<string, string | undefined>): PortalConfig {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)),
    );
  }
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
    seedDemo: env.SEED_DEMO ? env.SEED_DEMO === "true" : embedded && env.NODE_ENV !== "test",
    generationApi: env.GENERATION_API_URL && env.GENERATION_API_TOKEN ? { url: env.GENERATION_API_URL, token: env.GENERATION_API_TOKEN } : undefined,
    publicOrigin: env.PUBLIC_ORIGIN,
    trustedProxies: env.TRUST_PROXY ?? NO_TRUSTED_PROXIES,
  };
}

let cached: PortalConfig | undefined;

export function getConfig(): PortalConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
