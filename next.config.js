/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or WASM packages must be loaded from node_modules at run time, not bundled:
  // bundling PGlite or argon2 breaks their file lookups and would also create a second
  // PGlite instance per bundle.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pg", "@vercel/postgres", "ws"],
  poweredByHeader: false,
  typedRoutes: false,
  // The dev badge sits over the phone tab bar.
  devIndicators: false,
};

export default nextConfig;
