/**
 * A provider that answers 401 to an action's call has refused the connection's access token. For
 * an OAuth connection the token is renewed and the action runs once more (the refused call was not
 * processed, and the retry carries the same idempotency key); a 401 after that renewal, or a
 * renewal the provider refuses, marks the connection as needing reconnecting, and the execution
 * parks until the customer reconnects it (ReconnectRequiredError). Nothing here runs unless a
 * call failed with 401, so a flow whose calls succeed pays nothing for it.
 */
import { isHttpError } from "@/server/connectors/http/http-errors";
import type { InvokeActionRequest } from "@/server/engine/step-outcome";
import type { ConnectionResolver } from "./connection-resolver";

function isUnauthorized(error: unknown): error is Error {
  return isHttpError(error) && error.status === 401;
}

export async function invokeRenewingOnUnauthorized(
  invoke: () => Promise<unknown>,
  /** The connection whose credentials signed the calls. */
  request: Pick<InvokeActionRequest, "connection">,
  scope: { organizationId: string; instanceId: string },
  resolver: () => Pick<ConnectionResolver, "renewAfterUnauthorized" | "unauthorizedAfterRenewal">,
  platformCall: <T>(call: () => Promise<T>) => Promise<T>,
): Promise<unknown> {
  try {
    return await invoke();
  } catch (error) {
    const key = request.connection;
    if (!key || !isUnauthorized(error)) throw error;
    const renewal = await platformCall(() => resolver().renewAfterUnauthorized(scope.organizationId, scope.instanceId, key));
    if (renewal === "not-renewable") throw error;
    try {
      return await invoke();
    } catch (again) {
      if (!isUnauthorized(again)) throw again;
      const reason = `${again.message}, also after its access token was renewed`;
      return platformCall(() => resolver().unauthorizedAfterRenewal(scope.organizationId, scope.instanceId, key, reason));
    }
  }
}
