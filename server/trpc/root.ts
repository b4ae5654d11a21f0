import { createCallerFactory, router } from "./init";
import { actionsApiRouter } from "./routers/actions";
import { alertsRouter, incidentsRouter } from "./routers/alerts";
import { apiKeysRouter } from "./routers/api-keys";
import { connectionsApiRouter, connectionsRouter } from "./routers/connections";
import { consoleWizardRouter } from "./routers/console-wizard";
import { customersApiRouter, customersRouter } from "./routers/customers";
import { embedRouter } from "./routers/embed";
import { embedKeysRouter } from "./routers/embed-keys";
import { executionsApiRouter, executionsRouter } from "./routers/executions";
import { instancesApiRouter, instancesRouter } from "./routers/instances";
import { integrationsApiRouter, integrationsRouter } from "./routers/integrations";
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
  /** The headless API for TypeScript callers: the REST operations behind an API key. */
  api: router({
    integrations: integrationsApiRouter,
    customers: customersApiRouter,
    connections: connectionsApiRouter,
    actions: actionsApiRouter,
    instances: instancesApiRouter,
    executions: executionsApiRouter,
  }),
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
