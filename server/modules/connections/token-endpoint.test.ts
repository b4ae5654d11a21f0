import { afterEach, describe, expect, it } from "vitest";
import { NonRetryableError, RetryableError } from "@/server/engine/errors";
import { startLocalServer, type LocalServer } from "@/server/connectors/testing/local-server";
import { expiryOf, OAuthTokenError, requestToken } from "./token-endpoint";

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function answer(status: number, contentType: string, body: string) {
  server = await startLocalServer((_request, response) => {
    response.writeHead(status, { "content-type": contentType });
    response.end(body);
  });
  return requestToken(
    { clientId: "id", clientSecret: "secret", tokenUrl: `${server.origin}/token` },
    { grant_type: "refresh_token", refresh_token: "r1" },
    { network: server.policy, providerName: "GitHub", http: { timeoutMs: 2000 } },
  );
}

describe("requestToken", () => {
  it("sends the grant form-encoded with client_secret_post and reads a form-encoded answer with comma scopes", async () => {
    const tokens = await answer(
      200,
      "application/x-www-form-urlencoded",
      "access_token=gho_1&token_type=bearer&scope=repo%2Cgist&expires_in=28800&refresh_token=ghr_2",
    );
    expect(tokens).toEqual({ accessToken: "gho_1", tokenType: "bearer", scopes: ["repo", "gist"], expiresIn: 28800, refreshToken: "ghr_2" });
    expect(Object.fromEntries(new URLSearchParams(server!.requests[0].body))).toEqual({
      grant_type: "refresh_token",
      refresh_token: "r1",
      client_id: "id",
      client_secret: "secret",
    });
    expect(expiryOf(tokens, new Date(0))).toEqual(new Date(28_800_000));
  });

  it("treats GitHub's 200-with-error as the OAuth error it is", async () => {
    const error = await answer(
      200,
      "application/json",
      JSON.stringify({ error: "bad_refresh_token", error_description: "The refresh token passed is incorrect or expired." }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthTokenError);
    expect(error).toMatchObject({
      oauthError: "bad_refresh_token",
      message: "GitHub refused the token request (bad_refresh_token: The refresh token passed is incorrect or expired.)",
    });
  });

  it("retries a provider outage later, and refuses an answer without a token", async () => {
    await expect(answer(503, "text/plain", "down")).rejects.toBeInstanceOf(RetryableError);
    await server!.close();
    const missing = await answer(200, "application/json", JSON.stringify({ token_type: "bearer" })).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NonRetryableError);
    expect((missing as Error).message).toBe("GitHub's token endpoint answered without an access token");
  });
});
