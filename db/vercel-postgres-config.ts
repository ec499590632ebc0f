/**
 * Placeholder replaced by the vercel-driver work: configures the copy of
 * @neondatabase/serverless bundled inside @vercel/postgres.
 */
export async function configureVercelPostgres(): Promise<void> {}
