import { serverCaller } from "@/server/trpc/server-caller";

export const metadata = { title: "Console" };

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="text-sm text-slate-500">{label}</div>
      <div className="mt-1 text-2xl font-semibold">{value}</div>
    </div>
  );
}

export default async function ConsoleHome() {
  const caller = await serverCaller();
  const [organization, members] = await Promise.all([caller.organization.current(), caller.organization.members()]);

  return (
    <div className="space-y-8">
      <section>
        <p className="text-sm text-slate-500">Organization</p>
        <h1 className="text-2xl font-semibold" data-testid="organization-name">
          {organization.name}
        </h1>
        <p className="mt-1 text-sm text-slate-500">
          <code className="rounded bg-slate-100 px-1">{organization.slug}</code> · created {organization.createdAt.toISOString().slice(0, 10)}
        </p>
      </section>

      <section className="grid gap-4 sm:grid-cols-3">
        <Stat label="Integrations" value={organization.counts.integrations} />
        <Stat label="Customers" value={organization.counts.customers} />
        <Stat label="Members" value={organization.counts.members} />
      </section>

      <section className="rounded-lg border border-slate-200 bg-white">
        <h2 className="border-b border-slate-200 px-4 py-3 text-sm font-semibold">Members</h2>
        <ul className="divide-y divide-slate-100">
          {members.map((member) => (
            <li key={member.id} className="flex items-center justify-between px-4 py-3 text-sm">
              <span>
                <span className="font-medium">{member.name}</span> <span className="text-slate-500">{member.email}</span>
              </span>
              <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">{member.role}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
