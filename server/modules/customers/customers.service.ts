import { assertNewExternalId } from "./external-id";
import { findCustomerByExternalId, upsertCustomer } from "./customers.repo";

/**
 * The customer the vendor names by its own id, created on first sight (deploying for it, an embed
 * token for it). A new id must follow the rule (external-id.ts); one already stored keeps working.
 */
export async function customerOnFirstSight(organizationId: string, externalId: string, name: string | undefined, where: { field: string; label: string }) {
  if (!(await findCustomerByExternalId(organizationId, externalId))) assertNewExternalId(externalId, where);
  return upsertCustomer(organizationId, externalId, name);
}
