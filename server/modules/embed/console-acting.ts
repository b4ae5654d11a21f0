/**
 * The console deploys and configures instances on a customer's behalf with the wizard's own
 * services. Those take an `Owner` (organization + customer); here the console's organization and
 * the customer (named, or owning the instance) become that owner, after proving they exist in
 * the organization, so the embed's per-customer scoping applies unchanged.
 */
import { AppError } from "@/server/errors";
import { findCustomer } from "@/server/modules/customers/customers.repo";
import { maskedHookUrl } from "@/server/modules/endpoints/endpoints.service";
import { findInstance } from "@/server/modules/instances/instances.repo";
import { instanceOverview } from "./embed-instance.service";
import type { Owner } from "./embed-instances.repo";
import { activateIntegration, isDraft } from "./wizard.service";

export async function ownerOfCustomer(organizationId: string, customerId: string): Promise<Owner> {
  const customer = await findCustomer(organizationId, customerId);
  if (!customer) throw new AppError("NOT_FOUND", "No customer with that id in this organization.", { field: "customerId" });
  return { organizationId, customerId: customer.id };
}

export async function ownerOfInstance(organizationId: string, instanceId: string): Promise<Owner> {
  const instance = await findInstance(organizationId, instanceId);
  if (!instance) throw new AppError("NOT_FOUND", "No instance with that id in this organization.", { field: "instanceId" });
  return { organizationId, customerId: instance.customerId };
}

/**
 * Starts (or resumes) the customer's activation of any published integration, listed in the
 * marketplace or not: vendors deploy private integrations for their customers too. An instance
 * that is already live is returned as it is, for the console to open instead of a wizard.
 */
export async function activateForCustomer(organizationId: string, customerId: string, integrationKey: string) {
  const owner = await ownerOfCustomer(organizationId, customerId);
  const { instanceId } = await activateIntegration(owner, integrationKey, { listedOnly: false });
  const instance = await findInstance(organizationId, instanceId);
  const status = instance?.status ?? "configuring";
  return { instanceId, status, inWizard: isDraft(status) };
}

/**
 * The instance page of the console: what the customer's own page shows, plus whose it is and its
 * webhook URLs — whole only with `revealTokens` (owners and admins); otherwise their tokens are hidden.
 */
export async function consoleInstanceOverview(organizationId: string, instanceId: string, options: { revealTokens: boolean }) {
  const owner = await ownerOfInstance(organizationId, instanceId);
  const [overview, customer] = await Promise.all([instanceOverview(owner, instanceId), findCustomer(organizationId, owner.customerId)]);
  return {
    ...overview,
    customer: { id: owner.customerId, name: customer?.name ?? "", externalId: customer?.externalId ?? "" },
    endpoints: overview.endpoints.map((endpoint) => ({
      ...endpoint,
      url: options.revealTokens ? endpoint.url : maskedHookUrl(endpoint.url),
      urlHidden: !options.revealTokens,
    })),
  };
}
