export async function register() {
  // Only the Node.js server opens the database; the edge runtime never does.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startPortal } = await import("./lib/startup");
    await startPortal();
  }
}
