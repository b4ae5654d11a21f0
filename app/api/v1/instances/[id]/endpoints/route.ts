import { listInstanceEndpointsOperation } from "@/server/api/operations/instances";
import { routeHandler } from "@/server/api/route-handler";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = routeHandler(listInstanceEndpointsOperation);
