import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig, parseOutboundConfig } from "@/lib/config/env";

const SECRET = "0123456789abcdef0123456789abcdef";

/** The ConfigError parseConfig throws for `env`; fails if it does not throw one. */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect(configError.problems.length).toBeGreaterThan(0);
    for (const problem of configError.problems) expect(configError.message).toContain(problem);
    return configError;
  }
  return expect.fail(`parseConfig(${JSON.stringify(env)}) should have thrown a ConfigError`);
}

describe("parseConfig", () => {
  it("defaults to embedded PGlite in ./data/pglite", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      nodeEnv: "development",
      driver: "pglite",
      embedded: true,
      dataDir: "./data",
      pgliteDataDir: "./data/pglite",
      seedDemo: true,
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.authSecret).toBeUndefined();
    expect(config.github).toBeUndefined();
  });

  it("empty variables count as unset", () => {
    expect(parseConfig({ DATABASE_URL: "", DATABASE_DRIVER: "", AUTH_SECRET: "  ", AUTH_GITHUB_ID: "" })).toMatchObject({
      driver: "pglite",
      authSecret: undefined,
    });
  });

  it("puts PGlite under DATA_DIR unless PGLITE_DATA_DIR says otherwise", () => {
    expect(parseConfig({ DATA_DIR: "/var/portal/" }).pgliteDataDir).toBe("/var/portal/pglite");
    expect(parseConfig({ DATA_DIR: "/var/portal", PGLITE_DATA_DIR: "memory://" }).pgliteDataDir).toBe("memory://");
  });

  it("DATABASE_URL selects node-postgres", () => {
    for (const url of ["postgres://u:p@db:5432/portal", "postgresql://u@db/portal"]) {
      const config = parseConfig({ DATABASE_URL: url });
      expect(config).toMatchObject({ driver: "pg", embedded: false, databaseUrl: url, seedDemo: false });
    }
  });

  it("DATABASE_DRIVER=vercel needs POSTGRES_URL", () => {
    const error = configError({ DATABASE_DRIVER: "vercel" });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^POSTGRES_URL: /);
    expect(error.message).toContain("POSTGRES_URL");
    expect(parseConfig({ DATABASE_DRIVER: "vercel", POSTGRES_URL: "postgres://v@host/db" })).toMatchObject({
      driver: "vercel",
      postgresUrl: "postgres://v@host/db",
      embedded: false,
    });
  });

  it("DATABASE_DRIVER=pg needs DATABASE_URL; an unknown driver is named", () => {
    expect(configError({ DATABASE_DRIVER: "pg" }).problems[0]).toMatch(/^DATABASE_URL: /);
    expect(configError({ DATABASE_DRIVER: "mysql" }).problems[0]).toMatch(/^DATABASE_DRIVER: .*pglite, pg, vercel/);
  });

  it("a DATABASE_URL that is not postgres:// is refused by name", () => {
    for (const url of ["mysql://u@db/portal", "db.example.com:5432", "file:./data.db"]) {
      const error = configError({ DATABASE_URL: url });
      expect(error.problems).toEqual(["DATABASE_URL: DATABASE_URL must start with postgres:// or postgresql://"]);
    }
  });

  it("an AUTH_SECRET under 32 characters is refused by name", () => {
    const error = configError({ AUTH_SECRET: "too-short" });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^AUTH_SECRET: .*at least 32 characters/);
    expect(parseConfig({ AUTH_SECRET: SECRET }).authSecret).toBe(SECRET);
  });

  it("production with a shared database needs AUTH_SECRET", () => {
    const error = configError({ NODE_ENV: "production", DATABASE_URL: "postgres://u@db/portal" });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^AUTH_SECRET: required in production/);
    expect(parseConfig({ NODE_ENV: "production", DATABASE_URL: "postgres://u@db/portal", AUTH_SECRET: SECRET })).toMatchObject({
      nodeEnv: "production",
      driver: "pg",
      authSecret: SECRET,
    });
    // Embedded mode generates and keeps its own secret.
    expect(parseConfig({ NODE_ENV: "production" })).toMatchObject({ driver: "pglite", embedded: true });
  });

  it("GitHub login needs both its id and its secret", () => {
    for (const env of [{ AUTH_GITHUB_ID: "id" }, { AUTH_GITHUB_SECRET: "secret" }]) {
      const error = configError(env);
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]).toContain("AUTH_GITHUB_ID");
      expect(error.problems[0]).toContain("AUTH_GITHUB_SECRET");
    }
    expect(parseConfig({ AUTH_GITHUB_ID: "id", AUTH_GITHUB_SECRET: "secret" }).github).toEqual({ clientId: "id", clientSecret: "secret" });
  });

  it("several problems are reported together", () => {
    const error = configError({ DATABASE_URL: "mysql://x", AUTH_SECRET: "short", AUTH_GITHUB_ID: "id" });
    expect(error.problems.map((p) => p.split(":")[0]).sort()).toEqual(["AUTH_GITHUB_SECRET", "AUTH_SECRET", "DATABASE_URL"]);
  });

  it("demo seeding is on only for embedded development runs unless SEED_DEMO says; never by default in production", () => {
    expect(parseConfig({ NODE_ENV: "development" }).seedDemo).toBe(true);
    expect(parseConfig({ NODE_ENV: "test" }).seedDemo).toBe(false);
    // `next start` on the embedded database: the published password must not open a production portal.
    expect(parseConfig({ NODE_ENV: "production" }).seedDemo).toBe(false);
    expect(parseConfig({ NODE_ENV: "production", DATABASE_URL: "postgres://u@db/p", AUTH_SECRET: SECRET }).seedDemo).toBe(false);
    // Explicitly enabled (a public demo instance, the end-to-end tests): on, also in production.
    expect(parseConfig({ NODE_ENV: "production", SEED_DEMO: "true" }).seedDemo).toBe(true);
    expect(parseConfig({ SEED_DEMO: "false" }).seedDemo).toBe(false);
    expect(parseConfig({ DATABASE_URL: "postgres://u@db/p", SEED_DEMO: "true" }).seedDemo).toBe(true);
    expect(configError({ SEED_DEMO: "yes" }).problems[0]).toMatch(/^SEED_DEMO: /);
  });
});

describe("a remote Generation API", () => {
  it("is used with both URL and token, and refused with a URL alone or a bad URL", () => {
    expect(parseConfig({ GENERATION_API_URL: "https://engine.example.com/", GENERATION_API_TOKEN: "inf_x" }).generationApi).toEqual({ url: "https://engine.example.com/", token: "inf_x" });
    expect(parseConfig({}).generationApi).toBeUndefined();
    expect(configError({ GENERATION_API_URL: "https://engine.example.com/" }).problems[0]).toContain("GENERATION_API_TOKEN");
    expect(configError({ GENERATION_API_URL: "not a url", GENERATION_API_TOKEN: "t" }).problems[0]).toContain("GENERATION_API_URL must be a URL");
  });
});

describe("the outbound guard's settings", () => {
  it("default to nothing private allowed, result links on the API's own origin only, results up to 2 GiB", () => {
    expect(parseConfig({}).outbound).toEqual({ allow: [], resultOrigins: [], resultMaxBytes: 2 * 1024 ** 3 });
    expect(parseOutboundConfig({ OUTBOUND_ALLOW: " , ", RESULT_ORIGINS: "" })).toEqual({ allow: [], resultOrigins: [], resultMaxBytes: 2 * 1024 ** 3 });
  });

  it("read OUTBOUND_ALLOW as ranges and hosts, RESULT_ORIGINS as origins, RESULT_MAX_BYTES as bytes", () => {
    const outbound = parseConfig({
      OUTBOUND_ALLOW: "10.0.0.0/8, fd00::/8,engine.internal:8080,127.0.0.1:3000,",
      RESULT_ORIGINS: "https://bucket.s3.eu-west-1.amazonaws.com, https://files.example.com:8443/",
      RESULT_MAX_BYTES: "104857600",
    }).outbound;
    expect(outbound.allow.map((e) => [e.kind, e.text])).toEqual([
      ["cidr", "10.0.0.0/8"],
      ["cidr", "fd00::/8"],
      ["host", "engine.internal:8080"],
      ["host", "127.0.0.1:3000"],
    ]);
    expect(outbound.resultOrigins).toEqual(["https://bucket.s3.eu-west-1.amazonaws.com", "https://files.example.com:8443"]);
    expect(outbound.resultMaxBytes).toBe(100 * 1024 * 1024);
  });

  it("stop the start with a sentence naming the variable and the bad entry", () => {
    const allow = configError({ OUTBOUND_ALLOW: "10.0.0.0/8,10.0.0.0/40,engine internal" });
    expect(allow.problems).toEqual([
      'OUTBOUND_ALLOW: "10.0.0.0/40" is neither an address range (like 10.0.0.0/8 or fd00::/8) nor a host with an optional port (like engine.internal:8080 or 127.0.0.1:3000) (entries are separated by commas)',
      'OUTBOUND_ALLOW: "engine internal" is neither an address range (like 10.0.0.0/8 or fd00::/8) nor a host with an optional port (like engine.internal:8080 or 127.0.0.1:3000) (entries are separated by commas)',
    ]);
    for (const bad of ["s3.amazonaws.com", "ftp://files.example.com", "https://files.example.com/bucket/", "https://user:pw@files.example.com", "https://files.example.com?x=1"]) {
      expect(configError({ RESULT_ORIGINS: bad }).problems, bad).toEqual([`RESULT_ORIGINS: "${bad}" is not an origin like https://bucket.s3.eu-west-1.amazonaws.com (scheme, host and optional port, nothing after) (entries are separated by commas)`]);
    }
    expect(configError({ RESULT_MAX_BYTES: "2GB" }).problems).toEqual(["RESULT_MAX_BYTES: RESULT_MAX_BYTES must be a whole number of bytes, like 2147483648 for 2 GiB"]);
    expect(configError({ RESULT_MAX_BYTES: "1000" }).problems).toEqual(["RESULT_MAX_BYTES: RESULT_MAX_BYTES must be at least 1 MiB (1048576)"]);
    expect(() => parseOutboundConfig({ OUTBOUND_ALLOW: "127.1" })).toThrow(ConfigError);
  });
});

describe("abuse limits per address", () => {
  it("keep their defaults unless set, and read `<count>/<window>` in seconds, minutes or hours", () => {
    expect(parseConfig({}).rateLimits).toEqual({});
    expect(parseConfig({ SIGN_IN_LIMIT_PER_IP: "12/30s", REGISTRATION_LIMIT_PER_IP: "40/2m", SHARE_LOOKUP_LIMIT_PER_IP: "100/1h", API_TOKEN_FAILURE_LIMIT_PER_IP: "50/5m" }).rateLimits).toEqual({
      signInPerIp: { max: 12, windowSeconds: 30 },
      registrationPerIp: { max: 40, windowSeconds: 120 },
      shareLookupPerIp: { max: 100, windowSeconds: 3600 },
      failedTokenPerIp: { max: 50, windowSeconds: 300 },
    });
    expect(parseConfig({ SIGN_IN_LIMIT_PER_IP: " " }).rateLimits.signInPerIp).toBeUndefined();
  });

  it("refuse anything else with a sentence naming the variable and the form", () => {
    for (const value of ["20", "20/15", "0/15m", "20/0m", "-1/15m", "20/15d", "20 / 15m", "1e3/1h"]) {
      const problem = configError({ SHARE_LOOKUP_LIMIT_PER_IP: value }).problems[0]!;
      expect(problem).toMatch(/^SHARE_LOOKUP_LIMIT_PER_IP: SHARE_LOOKUP_LIMIT_PER_IP must be a count and a window like/);
    }
  });
});

describe("PUBLIC_ORIGIN and TRUST_PROXY", () => {
  it("PUBLIC_ORIGIN is kept as an origin; a path, query, credentials or another scheme is refused by name", () => {
    expect(parseConfig({ PUBLIC_ORIGIN: "https://Portal.Example.com" }).publicOrigin).toBe("https://portal.example.com");
    expect(parseConfig({ PUBLIC_ORIGIN: "https://portal.example.com/" }).publicOrigin).toBe("https://portal.example.com");
    expect(parseConfig({ PUBLIC_ORIGIN: "http://localhost:3000" }).publicOrigin).toBe("http://localhost:3000");
    expect(parseConfig({ PUBLIC_ORIGIN: "" }).publicOrigin).toBeUndefined();
    expect(parseConfig({}).publicOrigin).toBeUndefined();
    for (const bad of ["https://portal.example.com/portal", "https://portal.example.com/?a=1", "https://u:p@portal.example.com", "ftp://portal.example.com", "portal.example.com"]) {
      expect(configError({ PUBLIC_ORIGIN: bad }).problems[0]).toMatch(/^PUBLIC_ORIGIN: /);
    }
  });

  it("TRUST_PROXY takes addresses, CIDR ranges and keywords; a wrong entry is named", () => {
    expect(parseConfig({}).trustedProxies.ranges).toEqual([]);
    expect(parseConfig({ TRUST_PROXY: " loopback, 10.0.0.0/8 ,fd00::/8, 192.0.2.7" }).trustedProxies.ranges).toHaveLength(5);
    const problem = configError({ TRUST_PROXY: "loopback, 10.0.0.0/33" }).problems[0]!;
    expect(problem).toMatch(/^TRUST_PROXY: /);
    expect(problem).toContain('"10.0.0.0/33"');
    expect(configError({ TRUST_PROXY: "everyone" }).problems[0]).toContain('"everyone" is not an IP address, a CIDR range');
  });
});
