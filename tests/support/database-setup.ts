import { afterAll, inject } from "vitest";
import { closeDb } from "@/db";

// Runs before each integration test file's imports are evaluated: choose the driver.
const databaseUrl = inject("databaseUrl");
if (databaseUrl) {
  process.env.DATABASE_URL = databaseUrl;
  delete process.env.DATABASE_DRIVER;
} else {
  delete process.env.DATABASE_URL;
  process.env.DATABASE_DRIVER = "pglite";
  process.env.PGLITE_DATA_DIR = "memory://";
}
process.env.DATA_DIR ??= "./data/test";

afterAll(async () => {
  await closeDb();
});
