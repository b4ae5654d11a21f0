import { exportSPKI, generateKeyPair, SignJWT } from "jose";
import { startHostServer, type HostServer } from "../fixtures/host-server";
import { seedEmbedOrganization } from "./embed-org";
import { runReconnectSeed } from "./reconnect";

export interface ReconnectVendor {
  host: HostServer;
  organizationId: string;
}

/**
 * A vendor page on another origin (the e2e host page) for an organization on the sandbox providers
 * whose customer has one active instance (GitHub profile check) with a GitHub connection that
 * needs reconnecting (e2e/fixtures/reconnect-seed.ts). The page's `/token` signs for that customer
 * with the registered key, `/token?bad=1` with a key Switchyard does not know.
 */
export async function startReconnectVendor(
  port: number,
  options: { kid: string; customer: { externalId: string; name: string }; subject: string },
): Promise<ReconnectVendor> {
  const appUrl = `http://localhost:${port}`;
  const vendorKey = await generateKeyPair("RS256", { extractable: true });
  const strangerKey = await generateKeyPair("RS256");
  let organizationId = "";
  const token = (bad: boolean) =>
    new SignJWT({ customer: options.customer.externalId, customerName: options.customer.name })
      .setProtectedHeader({ alg: "RS256", kid: options.kid })
      .setIssuer(organizationId)
      .setSubject(options.subject)
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(bad ? strangerKey.privateKey : vendorKey.privateKey);
  const host = await startHostServer({ appUrl, token });
  ({ organizationId } = await seedEmbedOrganization(port, {
    publicKeyPem: await exportSPKI(vendorKey.publicKey),
    allowedOrigins: [host.origin],
    kid: options.kid,
    sandboxUrl: appUrl,
  }));
  await runReconnectSeed(port, { organizationId, customerExternalId: options.customer.externalId, customerName: options.customer.name, sandboxUrl: appUrl });
  return { host, organizationId };
}
