import { fieldLabel, type Values, type WizardConnection, type WizardPage } from "./wizard-types";

function shown(value: unknown): string {
  if (value === undefined || value === null || value === "") return "—";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Everything the customer chose, secrets masked, before Deploy. */
export function ReviewPage({
  pages,
  values,
  connections,
  secretsSet,
}: {
  pages: WizardPage[];
  values: Values;
  connections: WizardConnection[];
  secretsSet: string[];
}) {
  return (
    <div className="space-y-4" data-testid="wizard-review">
      <h2 className="text-base font-semibold">Review</h2>
      {connections.length ? (
        <section>
          <h3 className="sy-muted mb-1 text-xs font-semibold uppercase">Connections</h3>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
            {connections.map((c) => (
              <div key={c.key} className="contents">
                <dt className="font-medium">{c.label}</dt>
                <dd>
                  {c.connection?.status === "active" ? `Connected as ${c.connection.accountLabel ?? "your account"}` : c.required ? "Not connected" : "Skipped"}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
      {pages.map((page, index) => {
        const fields = page.fields.filter((field) => field.type !== "connection");
        if (!fields.length) return null;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list that is never reordered; its position is what tells its items apart.
          <section key={index}>
            <h3 className="sy-muted mb-1 text-xs font-semibold uppercase">{page.title}</h3>
            <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
              {fields.map((field) => (
                <div key={field.key} className="contents">
                  <dt className="font-medium">{fieldLabel(field)}</dt>
                  <dd className="break-all">
                    {field.type === "secret"
                      ? values[field.key] || secretsSet.includes(field.key)
                        ? "•••••••• (set)"
                        : field.generate
                          ? "Generated for you on deploy"
                          : "—"
                      : shown(values[field.key] ?? field.default)}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        );
      })}
    </div>
  );
}
