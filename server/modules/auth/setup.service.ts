import { z } from "zod";
import { AppError } from "@/server/errors";
import { hashPassword } from "./password";
import { normaliseEmail } from "./sign-in.service";
import { countUsers, createOwnerIfNone } from "./users.repo";

export const ownerSetupSchema = z.object({
  organizationName: z.string().trim().min(2, "Give your organization a name of at least 2 characters.").max(100),
  name: z.string().trim().min(1, "Tell us your name.").max(100),
  email: z.email("Enter a valid email address."),
  password: z.string().min(12, "Use at least 12 characters for the password.").max(200, "Use at most 200 characters for the password."),
});

export type OwnerSetupInput = z.infer<typeof ownerSetupSchema>;

export async function needsSetup(): Promise<boolean> {
  return (await countUsers()) === 0;
}

export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
  return slug || "organization";
}

/** First-run set-up: creates the organization and its owner. Refused once anyone exists. */
export async function createOwner(input: OwnerSetupInput) {
  const created = await createOwnerIfNone({
    organizationName: input.organizationName,
    slug: slugify(input.organizationName),
    email: normaliseEmail(input.email),
    name: input.name,
    passwordHash: await hashPassword(input.password),
    role: "owner",
  });
  if (!created) throw new AppError("CONFLICT", "Switchyard is already set up. Sign in instead.");
  return { organizationId: created.organization.id, userId: created.user.id, email: created.user.email };
}
