import { handleGenerationApi } from "@/lib/engine/api/router";

// The Generation API (see lib/engine): this file only connects the path to the handler.
export const dynamic = "force-dynamic";
export const GET = (request: Request) => handleGenerationApi(request);
export const POST = (request: Request) => handleGenerationApi(request);
