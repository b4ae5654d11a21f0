import { createHash } from "node:crypto";
import type { Prisma } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { formatManifestError, type ManifestError } from "@/server/manifest/manifest-error";
import type { LoadManifestOptions } from "@/server/manifest/load-manifest";
import { findVersion, latestPublishedVersion, publishDraft, saveDraftVersion } from "./integrations.repo";
import { countOf } from "@/server/text/plural";
import { loadDeploymentManifest } from "./manifest-catalogue";

/** A manifest that does not load; `errors` carries every problem with its line:column. */
export class ManifestInvalidError extends AppError {
  constructor(readonly errors: ManifestError[]) {
    super(
      "UNPROCESSABLE_CONTENT",
      `The manifest has ${countOf(errors.length, "problem")}: ${errors.slice(0, 3).map(formatManifestError).join("; ")}${errors.length > 3 ? "; …" : ""}`,
    );
  }
}

/** Validates a manifest and stores it as the integration's draft version (created on first push). */
export async function pushManifest(organizationId: string, source: string, options: LoadManifestOptions = {}) {
  const loaded = loadDeploymentManifest(source, options);
  if (!loaded.ok) throw new ManifestInvalidError(loaded.errors);
  const manifest = loaded.manifest;
  return saveDraftVersion({
    organizationId,
    key: manifest.key,
    name: manifest.name,
    description: manifest.description ?? "",
    category: manifest.category ?? null,
    icon: manifest.icon ?? null,
    source,
    manifest: manifest as unknown as Prisma.InputJsonValue,
    checksum: createHash("sha256").update(source).digest("hex"),
    releaseNotes: manifest.releaseNotes ?? null,
  });
}

/**
 * Freezes a draft: from now on instances can be deployed on it and it never changes. The draft is
 * checked again first (a connector's action may have gone since it was saved). `releaseNotes`,
 * when given, replace the manifest's own: customers read them when the upgrade is offered.
 */
export async function publishVersion(
  organizationId: string,
  versionId: string,
  options: { releaseNotes?: string | null; catalogue?: LoadManifestOptions["catalogue"] } = {},
) {
  const draft = await findVersion(organizationId, versionId);
  if (!draft) throw new AppError("NOT_FOUND", "No integration version with that id in this organization.");
  if (draft.status === "draft") {
    const loaded = loadDeploymentManifest(draft.source, { catalogue: options.catalogue });
    if (!loaded.ok) throw new ManifestInvalidError(loaded.errors);
  }
  const releaseNotes = options.releaseNotes?.trim() || undefined;
  const { count } = await publishDraft(organizationId, versionId, releaseNotes);
  const version = await findVersion(organizationId, versionId);
  if (!version) throw new AppError("NOT_FOUND", "No integration version with that id in this organization.");
  if (count === 0 && version.status !== "published") throw new AppError("CONFLICT", "This version cannot be published.");
  return version;
}

export async function requirePublishedVersion(organizationId: string, integrationId: string) {
  const version = await latestPublishedVersion(organizationId, integrationId);
  if (!version) throw new AppError("CONFLICT", "This integration has no published version yet; publish one first.");
  return version;
}
