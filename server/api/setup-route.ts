/**
 * `POST /api/setup`: the first-visit set-up without a browser. Like the set-up page it needs no
 * credentials and works only while nobody exists (then `409`); it answers the organization's first
 * API key, once. The password is read from the body and never logged or echoed.
 */
import { env, publicUrlOf } from "@/server/env";
import { AppError } from "@/server/errors";
import { crossSiteReason } from "@/server/http/cross-site";
import { setUpHeadless } from "@/server/modules/auth/headless-setup.service";
import { ownerSetupSchema } from "@/server/modules/auth/setup.service";
import { apiErrorResponse, validationError } from "./api-error";

const MAX_BODY_BYTES = 16 * 1024;

async function readSetupBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`);
  try {
    return JSON.parse(text || "{}");
  } catch {
    throw new AppError("BAD_REQUEST", "The body is not valid JSON: send { organizationName, name, email, password }.");
  }
}

export async function handleSetupRequest(request: Request): Promise<Response> {
  try {
    // Another site's page must not set up a fresh install reachable from its visitor's browser.
    const crossSite = crossSiteReason(request.headers, { trustedOrigins: [publicUrlOf(env())] });
    if (crossSite) throw new AppError("FORBIDDEN", `Set-up refused: ${crossSite}.`);
    if (!/^application\/json\b/i.test(request.headers.get("content-type") ?? "")) {
      throw new AppError("BAD_REQUEST", "Send the set-up as JSON (Content-Type: application/json): { organizationName, name, email, password }.");
    }
    const parsed = ownerSetupSchema.safeParse(await readSetupBody(request));
    if (!parsed.success) throw validationError(parsed.error, "body");
    const setup = await setUpHeadless(parsed.data);
    return Response.json(setup, { status: 201, headers: { "cache-control": "no-store" } });
  } catch (error) {
    return apiErrorResponse(error, { operation: "setup" });
  }
}
