/**
 * The OAuth flows and token refresh reach the sandbox providers this app serves (its /sandbox/ routes) exactly when the
 * sandbox is on as the process resolved it — also when the launcher turned it on by default,
 * without SANDBOX_ENABLED in the environment.
 */
import { describe, expect, it } from "vitest";
import { env, runtimeConfig, useRuntimeConfig } from "@/server/env";
import { createOrganizationWithMember } from "@/server/testing/factories";
import { defaultOAuthSettings } from "./oauth-settings";

describe("defaultOAuthSettings", () => {
  it("follows the resolved sandbox setting, not only the environment", async () => {
    expect(env().SANDBOX_ENABLED).toBeUndefined();
    useRuntimeConfig({ ...runtimeConfig(), sandboxEnabled: true });
    const settings = defaultOAuthSettings();
    const { organization } = await createOrganizationWithMember();
    const policy = await settings.network(organization.id);
    expect(policy.allow).toContain(`${new URL(settings.publicUrl).origin}/sandbox/`);
  });
});
