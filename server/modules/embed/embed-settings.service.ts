/** The organization's embed settings: which pages may frame the marketplace, and its default look. */
import { AppError } from "@/server/errors";
import { findEmbedOrganization, updateEmbedSettings } from "./embed-organization.repo";
import { normalizeOrigin } from "./origin";
import { forgetAllowedOrigins } from "./frame-ancestors";
import { forgetPublicOrganizations } from "./public-marketplace";
import { sanitizeTheme, type EmbedTheme } from "./embed-theme";

export async function embedSettings(organizationId: string) {
  const organization = await findEmbedOrganization(organizationId);
  if (!organization) throw new AppError("NOT_FOUND", "No such organization.");
  return { organizationId: organization.id, allowedOrigins: organization.allowedOrigins, theme: sanitizeTheme(organization.theme) };
}

/** Origins are stored normalised (scheme://host[:port]), so the frame's check is an exact match. */
export async function saveEmbedSettings(organizationId: string, input: { allowedOrigins?: string[]; theme?: EmbedTheme }) {
  let allowedOrigins: string[] | undefined;
  if (input.allowedOrigins) {
    allowedOrigins = [];
    for (const value of input.allowedOrigins) {
      const origin = normalizeOrigin(value.trim());
      if (!origin || origin === "null")
        throw new AppError("BAD_REQUEST", `"${value}" is not an origin like https://app.example.com.`, { field: "allowedOrigins" });
      if (!allowedOrigins.includes(origin)) allowedOrigins.push(origin);
    }
  }
  const theme = input.theme ? (sanitizeTheme(input.theme) as Record<string, string>) : undefined;
  const saved = await updateEmbedSettings(organizationId, { ...(allowedOrigins ? { allowedOrigins } : {}), ...(theme ? { theme } : {}) });
  forgetAllowedOrigins();
  forgetPublicOrganizations();
  return { organizationId, allowedOrigins: saved.allowedOrigins, theme: sanitizeTheme(saved.theme) };
}
