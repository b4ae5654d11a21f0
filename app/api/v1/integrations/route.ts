import { listIntegrationsOperation, pushManifestOperation } from "@/server/api/operations/integrations";
import { routeHandler } from "@/server/api/route-handler";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = routeHandler(listIntegrationsOperation);
export const POST = routeHandler(pushManifestOperation);
