import { getIntegrationOperation } from "@/server/api/operations/integrations";
import { routeHandler } from "@/server/api/route-handler";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = routeHandler(getIntegrationOperation);
