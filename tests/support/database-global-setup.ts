import type { TestProject } from "vitest/node";
import { createScratchDatabase } from "./scratch-database";

/**
 * With TEST_DATABASE_URL set, every run gets a fresh database on that server, created here
 * and dropped afterwards, so runs never see each other's rows. Without it, each test file
 * opens its own in-memory PGlite (see database-setup.ts).
 */
export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    project.provide("databaseUrl", "");
    return;
  }
  const database = await createScratchDatabase(adminUrl);
  project.provide("databaseUrl", database.url);
  return database.drop;
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
