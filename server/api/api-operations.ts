/**
 * Every operation of the headless API, by group. The catch-all REST route answers these, the
 * OpenAPI document describes these, and the tRPC router `api.<group>.<name>` is built from these
 * (server/trpc/operation-procedures.ts); a group's key is its tRPC name, as is each operation's key.
 */
import { actionOperations } from "./operations/actions";
import { connectionOperations } from "./operations/connections";
import { customerOperations } from "./operations/customers";
import { executionOperations } from "./operations/executions";
import { instanceOperations } from "./operations/instances";
import { integrationOperations } from "./operations/integrations";
import type { AnyOperation } from "./operation";

export const apiOperations = {
  integrations: integrationOperations,
  customers: customerOperations,
  connections: connectionOperations,
  actions: actionOperations,
  instances: instanceOperations,
  executions: executionOperations,
};

export const operations: AnyOperation[] = Object.values(apiOperations).flatMap((group) => Object.values(group));
