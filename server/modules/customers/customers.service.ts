import { AppError } from "@/server/errors";
import { assertNewExternalId } from "./external-id";
import { findCustomer, findCustomerByExternalId, upsertCustomer } from "./customers.repo";

/** Refuses, as not found, a customer id that is not one of this organization's customers. */
export async function requireCustomer(organizationId: string, customerId: string): Promise<void> {
  if (!(await findCustomer(organizationId, customerId))) throw new AppError("NOT_FOUND", "No customer with that id in this organization.", { field: "id" });
}

/**
 * The customer the vendor names by its own id, created on first sight (deploying for it, an embed
 * token for it). A new id must follow the rule (external-id.ts); one already stored keeps working.
 * A known customer is only written to when the vendor gives it a new name (every embed sign-in
 * comes through here, and a read costs less than a write).
 */
export async function customerOnFirstSight(organizationId: string, externalId: string, name: string | undefined, where: { field: string; label: string }) {
  const known = await findCustomerByExternalId(organizationId, externalId);
  if (known && (!name || known.name === name)) return known;
  if (!known) assertNewExternalId(externalId, where);
  return upsertCustomer(organizationId, externalId, name);
}
