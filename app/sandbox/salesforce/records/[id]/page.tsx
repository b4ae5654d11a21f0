import Link from "next/link";
import { notFound } from "next/navigation";
import { loadRecordPage } from "@/server/sandbox/salesforce/salesforce-ui.service";
import { PageTitle, Panel } from "../../../_components/ui";
import { RecordForm } from "../../record-form";

export const metadata = { title: "Record · sandbox Salesforce" };

export default async function RecordPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const page = await loadRecordPage(id);
  if (!page) notFound();
  const { record, sobject } = page;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/sandbox/salesforce" className="text-brand-700 hover:underline">
          ← Salesforce
        </Link>
      </p>
      <PageTitle
        title={`${sobject}: ${String(record.fields.Name)}`}
        subtitle={`${record.id} · last modified ${record.updatedAt.toISOString().replace("T", " ").slice(0, 19)} by ${record.lastModifiedById}${record.fields.Acme_Id__c ? ` · Acme ${String(record.fields.Acme_Id__c)}` : ""}`}
      />
      <Panel title={`Edit ${sobject}`}>
        <RecordForm
          sobject={sobject}
          id={record.id}
          values={record.fields}
          accounts={page.accounts.map((account) => ({ id: account.id, name: String(account.fields.Name) }))}
          stages={page.stages}
          industries={page.industries}
        />
      </Panel>
    </>
  );
}
