import { apiOperations } from "@/server/api/api-operations";
import { createCallerFactory, router } from "./init";
import { apiKeyRouterOf } from "./operation-procedures";
import { alertsRouter, incidentsRouter } from "./routers/alerts";
import { apiKeysRouter } from "./routers/api-keys";
import { connectionsRouter } from "./routers/connections";
import { consoleWizardRouter } from "./routers/console-wizard";
import { customersRouter } from "./routers/customers";
import { embedRouter } from "./routers/embed";
import { embedKeysRouter } from "./routers/embed-keys";
import { executionsRouter } from "./routers/executions";
import { instancesRouter } from "./routers/instances";
import { integrationsRouter } from "./routers/integrations";
import { membersRouter } from "./routers/members";
import { oauthAppsRouter } from "./routers/oauth-apps";
import { organizationRouter } from "./routers/organization";
import { setupRouter } from "./routers/setup";

export const appRouter = router({
  setup: setupRouter,
  organization: organizationRouter,
  apiKeys: apiKeysRouter,
  embed: embedRouter,
  embedKeys: embedKeysRouter,
  integrations: integrationsRouter,
  customers: customersRouter,
  instances: instancesRouter,
  /** The activation wizard in the console, deploying for a customer. */
  wizard: consoleWizardRouter,
  executions: executionsRouter,
  members: membersRouter,
  connections: connectionsRouter,
  oauthApps: oauthAppsRouter,
  alerts: alertsRouter,
  incidents: incidentsRouter,
  /** The headless API for TypeScript callers: the REST operations behind an API key, built from their declarations. */
  api: apiKeyRouterOf(apiOperations),
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
