import { memberDownload } from "@/lib/api/route";
import { exportAuditCsv } from "@/lib/portal/audit";
import { auditFiltersSchema } from "@/lib/portal/audit-filters";

/** The audit history as CSV, with the same filters as /audit. Owners and admins only (403 otherwise). */
export const GET = memberDownload(async (member, request) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const { actor, action, from, to } = auditFiltersSchema.parse(params);
  return exportAuditCsv(member, { actor, action, from, to });
});
