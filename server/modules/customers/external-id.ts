/**
 * A customer's id in the vendor's own system (`externalId`): what the embed token's `customer`
 * claim, the REST API and the console name the customer by. It appears in URLs, logs and tokens,
 * so it is kept to characters that need no escaping anywhere.
 */
import { z } from "zod";
import { AppError } from "@/server/errors";

export const EXTERNAL_ID_RULE = "1 to 200 letters, digits or . _ - : @ + | (no spaces), e.g. acme-42";

const EXTERNAL_ID = /^[A-Za-z0-9._:@+|-]{1,200}$/;

export const externalIdSchema = z
  .string()
  .trim()
  .min(1, "Give the customer's id in your system.")
  .regex(EXTERNAL_ID, `Use ${EXTERNAL_ID_RULE}.`)
  .describe(`Your own id for this customer: ${EXTERNAL_ID_RULE}`);

/** For paths that create a customer on first sight; `where` names the input at fault. */
export function assertNewExternalId(externalId: string, where: { field: string; label: string }): void {
  if (!EXTERNAL_ID.test(externalId)) {
    throw new AppError("BAD_REQUEST", `${where.label} "${externalId.slice(0, 60)}" is not a valid customer id: use ${EXTERNAL_ID_RULE}.`, {
      field: where.field,
    });
  }
}
