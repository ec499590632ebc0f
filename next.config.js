/** @type {import('next').NextConfig} */
const nextConfig = {
  // Separate build folders let several dev servers (each with its own DATA_DIR) share one checkout.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // Native or WASM packages must be loaded from node_modules at run time, not bundled:
  // bundling PGlite or argon2 breaks their file lookups and would also create a second
  // PGlite instance per bundle. undici (the outbound guard's HTTP client) is Node-only and
  // loads optional built-ins lazily; one copy from node_modules also means one connection pool.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pg", "@vercel/postgres", "ws", "pg-boss", "piscina", "sharp", "@napi-rs/canvas", "yazl", "tsx", "@ffmpeg-installer/ffmpeg", "@aws-sdk/client-s3", "undici"],
  poweredByHeader: false,
  typedRoutes: false,
  // The dev badge sits over the phone tab bar.
  devIndicators: false,
  // Generation API clients build URLs with a trailing slash and must never be redirected
  // (a POST would be bounced); both forms reach the same handler.
  skipTrailingSlashRedirect: true,
  // A recipe with a pasted job list (up to 10,000 jobs with every parameter: ~8 MB of JSON)
  // travels in the submit and estimate actions; the default limit is 1 MB.
  experimental: { serverActions: { bodySizeLimit: "16mb" } },
};

export default nextConfig;
