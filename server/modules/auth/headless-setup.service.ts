/**
 * Setting Switchyard up without a browser: what the first-visit page does (the organization and
 * its owner, the sandbox demo when the sandbox is on) plus the organization's first API key, so a
 * self-hoster's scripts can go on with the headless API at once. The key is answered this once and
 * stored only as a hash. Used by `POST /api/setup` (which `npm run cli -- setup` calls) and by
 * the first start with the SETUP_* environment variables (server/launcher/first-start-setup.ts).
 */
import { logger } from "@/server/logger";
import { createApiKey } from "@/server/modules/api-keys/api-keys.service";
import { seedDemo } from "@/server/modules/demo/seed-demo";
import { createOwner, type OwnerSetupInput } from "./setup.service";

export const SETUP_API_KEY_NAME = "Created at setup";

export interface HeadlessSetup {
  organization: { id: string; name: string };
  owner: { email: string };
  apiKey: { key: string; prefix: string; name: string };
}

/** Refused with CONFLICT once anyone exists, like the first-visit page. */
export async function setUpHeadless(input: OwnerSetupInput): Promise<HeadlessSetup> {
  const owner = await createOwner(input);
  // As after the first-visit page: a failed demo seed is logged, the set-up still stands.
  await seedDemo(owner.organizationId).catch((error: unknown) => {
    logger().error({ organizationId: owner.organizationId, err: (error as Error).message }, "seeding the sandbox demo failed");
  });
  const apiKey = await createApiKey(owner.organizationId, SETUP_API_KEY_NAME, owner.userId);
  return {
    organization: { id: owner.organizationId, name: input.organizationName.trim() },
    owner: { email: owner.email },
    apiKey: { key: apiKey.key, prefix: apiKey.prefix, name: SETUP_API_KEY_NAME },
  };
}
