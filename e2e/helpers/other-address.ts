import os from "node:os";
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";

/**
 * This machine's first address that is not loopback. A request sent to it also comes from it, so
 * the server sees a client that is not on loopback: what a visitor from another machine looks like,
 * without another machine. Undefined on a machine with loopback only.
 */
export function nonLoopbackAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((entry) => entry && entry.family === "IPv4" && !entry.internal)?.address;
}

/** An API client for the e2e server reached at that address, with a cookie jar of its own. */
export function requestFromElsewhere(port: number, address: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: `http://${address}:${port}` });
}

/**
 * Signs in the way the console's form does (next-auth's credentials callback, answered as JSON)
 * and answers the error the form would show, or "ok".
 */
export async function signInOverApi(api: APIRequestContext, email: string, password: string, headers: Record<string, string> = {}): Promise<string> {
  const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await api.post("/api/auth/callback/credentials", { form: { csrfToken, email, password, json: "true" }, headers });
  const { url } = (await response.json()) as { url: string };
  return new URL(url).searchParams.get("error") ?? "ok";
}
