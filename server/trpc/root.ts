import { createCallerFactory, router } from "./init";
import { apiKeysRouter } from "./routers/api-keys";
import { embedRouter } from "./routers/embed";
import { organizationRouter } from "./routers/organization";
import { setupRouter } from "./routers/setup";

export const appRouter = router({
  setup: setupRouter,
  organization: organizationRouter,
  apiKeys: apiKeysRouter,
  embed: embedRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
