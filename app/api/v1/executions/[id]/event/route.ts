import { getExecutionEventOperation } from "@/server/api/operations/executions";
import { routeHandler } from "@/server/api/route-handler";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = routeHandler(getExecutionEventOperation);
