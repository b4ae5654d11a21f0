import Link from "next/link";
import { serverCaller } from "@/server/trpc/server-caller";
import { requireConsoleActor } from "./_components/console-actor";
import { ExecutionsChart } from "./_components/executions-chart";
import { GettingStarted } from "./_components/getting-started";
import { sandboxEnabled } from "@/server/sandbox/config";

export const metadata = { title: "Console" };

function Stat({ label, value, testId }: { label: string; value: string | number; testId?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="text-sm text-slate-500">{label}</div>
      <div className="mt-1 text-2xl font-semibold" data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

export default async function ConsoleHome() {
  await requireConsoleActor();
  const caller = await serverCaller();
  const [organization, members, dashboard] = await Promise.all([caller.organization.current(), caller.organization.members(), caller.executions.dashboard()]);
  const executions24h = Object.values(dashboard.totals).reduce((a, b) => a + b, 0);

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

      {organization.counts.customers === 0 ? <GettingStarted sandbox={sandboxEnabled()} /> : null}

      <section className="grid gap-4 sm:grid-cols-5">
        <Stat label="Integrations" value={organization.counts.integrations} />
        <Stat label="Customers" value={organization.counts.customers} />
        <Stat label="Members" value={organization.counts.members} />
        <Stat label="Executions (24 h)" value={executions24h} />
        <Stat
          label="Failure rate (24 h)"
          value={dashboard.failureRate === null ? "—" : `${(dashboard.failureRate * 100).toFixed(1)} %`}
          testId="failure-rate"
        />
      </section>

      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-3 text-sm font-semibold">Executions per hour, last 24 hours</h2>
        <ExecutionsChart hours={dashboard.hours} />
      </section>

      <div className="grid gap-6 md:grid-cols-2">
        <section className="rounded-lg border border-slate-200 bg-white">
          <h2 className="border-b border-slate-200 px-4 py-3 text-sm font-semibold">Integrations failing most (24 h)</h2>
          {dashboard.failingIntegrations.length === 0 ? (
            <p className="px-4 py-3 text-sm text-slate-500">No failures in the last 24 hours.</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {dashboard.failingIntegrations.map((i) => (
                <li key={i.id} className="flex items-center justify-between px-4 py-3 text-sm">
                  <Link href={`/executions?integrationId=${i.id}&status=failed`} className="font-medium text-brand-700 hover:underline">
                    {i.name}
                  </Link>
                  <span className="text-slate-600">
                    {i.failed} failed of {i.total}
                  </span>
                </li>
              ))}
            </ul>
          )}
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
    </div>
  );
}
