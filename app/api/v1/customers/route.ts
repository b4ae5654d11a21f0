import { listCustomersOperation, createCustomerOperation } from "@/server/api/operations/customers";
import { routeHandler } from "@/server/api/route-handler";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = routeHandler(listCustomersOperation);
export const POST = routeHandler(createCustomerOperation);
