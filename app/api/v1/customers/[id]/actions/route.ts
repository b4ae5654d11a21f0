import { callActionOperation, listActionsOperation } from "@/server/api/operations/actions";
import { routeHandler } from "@/server/api/route-handler";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = routeHandler(listActionsOperation);
export const POST = routeHandler(callActionOperation);
