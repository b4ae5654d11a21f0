import { assertNewExternalId } from "./external-id";
import { findCustomerByExternalId, upsertCustomer } from "./customers.repo";

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
