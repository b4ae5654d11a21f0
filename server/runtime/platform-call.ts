import { isDatabaseUnavailable } from "@/server/db/database-unavailable";
import { PlatformUnavailableError } from "@/server/engine/errors";

/**
 * Runs one of the platform's own reads or writes during a step. A database outage there is not
 * the flow's error: it becomes a PlatformUnavailableError, which stops the step uncommitted
 * instead of failing (or retrying) the flow. Connector HTTP errors never pass through here.
 */
export async function platformCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isDatabaseUnavailable(error))
      throw new PlatformUnavailableError("the database could not be reached during the step; it will run again", { cause: error });
    throw error;
  }
}
