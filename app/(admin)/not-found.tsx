import { NotFoundMessage } from "@/app/_components/not-found-message";

export const metadata = { title: "Not found" };

/** Inside the console: an unknown address, a malformed id, or a record that is not (or no longer) in this organization. */
export default function ConsoleNotFound() {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-8">
      <NotFoundMessage
        links={[
          { href: "/", label: "Dashboard" },
          { href: "/integrations", label: "Integrations" },
          { href: "/customers", label: "Customers" },
          { href: "/executions", label: "Executions" },
        ]}
      />
    </div>
  );
}
