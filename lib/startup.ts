import "server-only";
import { ConfigError, getConfig } from "@/lib/config/env";
import { getDownloadConfig } from "@/lib/config/downloads";
import { getSubmissionConfig } from "@/lib/config/submissions";
import { getAuthSecret } from "@/lib/config/secrets";
import { getDb } from "@/db";
import { DEMO_LOGIN, retireDemoLogin, seedDemoUser } from "@/db/seed";
import { installForwardedHeaderNormaliser } from "@/lib/net/forwarded-headers";

/**
 * Runs once when the server starts: check the environment, open the database and apply
 * migrations, and where the demo is on make sure its login exists and say what it is (where it
 * is off, make sure its published password no longer opens anything).
 */
export async function startPortal(): Promise<void> {
  let config;
  try {
    config = getConfig();
    getDownloadConfig();
    getSubmissionConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  // First, before the slow steps below: requests are already arriving while the database opens.
  installForwardedHeaderNormaliser(config.trustedProxies);
  if (config.nodeEnv === "production" && !config.publicOrigin) {
    console.warn("[portal] PUBLIC_ORIGIN is not set: links are built on each request's Host, and cookies are Secure only when a trusted proxy says https (TRUST_PROXY).");
  }
  getAuthSecret();
  await getDb();
  console.log(`[portal] database ready (${config.driver}${config.embedded ? `, ${config.pgliteDataDir}` : ""})`);
  const { exposeInProcess } = await import("@/lib/engine/api/in-process");
  exposeInProcess();
  (await import("@/lib/engine/examples")).exposeExampleRenderer();
  const { getEngineConfig } = await import("@/lib/engine/config");
  if (getEngineConfig().runInApp) {
    // Embedded mode: PGlite lives in this process, so the queue consumer does too; rendering
    // itself runs on worker threads and never blocks requests.
    const { startRunner } = await import("@/lib/engine/runner");
    await startRunner();
  }
  // Batches whose sending was cut off (this process or another stopped mid-way) are settled from here on.
  (await import("@/lib/portal/submission-reconciler")).startSubmissionReconciler();
  if (config.seedDemo) {
    await seedDemoUser();
    console.log(`[portal] demo login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`);
  } else if ((await retireDemoLogin()) === "retired") {
    console.warn(`[portal] the demo account ${DEMO_LOGIN.email} still had its published password; it was removed (the demo is off: SEED_DEMO is not true here)`);
  }
}
