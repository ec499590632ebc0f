import { memberRoute } from "@/lib/api/route";
import { membersOutput } from "@/lib/api/members-output";
import { listMembers } from "@/lib/portal/members";

export const GET = memberRoute(membersOutput, async (member) => ({ members: await listMembers(member) }));
