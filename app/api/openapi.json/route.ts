import { handleGenerationApi } from "@/lib/engine/api/router";

export const dynamic = "force-dynamic";
export const GET = (request: Request) => handleGenerationApi(request);
