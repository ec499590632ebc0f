import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config/env";

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

  it("demo seeding is on only for embedded non-test runs unless SEED_DEMO says", () => {
    expect(parseConfig({ NODE_ENV: "test" }).seedDemo).toBe(false);
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
