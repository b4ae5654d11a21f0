import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";

type Outputs = inferRouterOutputs<AppRouter>;
export type WizardState = Outputs["embed"]["wizard"]["state"];
export type WizardPage = WizardState["pages"][number];
export type WizardField = WizardPage["fields"][number];
export type WizardConnection = WizardState["connections"][number];
export type Values = Record<string, unknown>;

export function fieldLabel(field: Pick<WizardField, "key" | "label">): string {
  return (
    field.label ??
    field.key
      .replace(/[-_]+/g, " ")
      .replace(/([a-z])([A-Z])/g, "$1 $2")
      .replace(/^\w/, (c) => c.toUpperCase())
  );
}
