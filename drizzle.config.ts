import { defineConfig } from "drizzle-kit";

// Migrations are generated from the schema and committed; they are applied at start by
// db/migrate.ts on whichever driver the environment selects.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  strict: true,
});
