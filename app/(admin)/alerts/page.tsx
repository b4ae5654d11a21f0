import Link from "next/link";
import { PageHeader } from "../_components/ui";
import { ChannelsPanel } from "./channels-panel";
import { RulesPanel } from "./rules-panel";
import { SmtpPanel } from "./smtp-panel";

export const metadata = { title: "Alerts" };

export default function AlertsPage() {
  return (
    <div className="space-y-6">
      <PageHeader
        title="Alerts"
        description="Rules the worker checks every minute. While a rule's condition holds, its incident stays open; each channel hears about an incident once."
        actions={
          <Link href="/incidents" className="text-sm font-medium text-brand-700 hover:underline">
            Incidents →
          </Link>
        }
      />
      <RulesPanel />
      <ChannelsPanel />
      <SmtpPanel />
    </div>
  );
}
