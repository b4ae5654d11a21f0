import { handleSetupRequest } from "@/server/api/setup-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** First-run set-up without a browser (organization, owner, first API key); refused once anyone exists. */
export const POST = handleSetupRequest;
