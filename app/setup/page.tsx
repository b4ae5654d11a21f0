import { redirect } from "next/navigation";
import { AuthCard } from "@/app/_components/form";
import { TrpcProvider } from "@/app/_components/trpc-provider";
import { needsSetup } from "@/server/modules/auth/setup.service";
import { SetupForm } from "./setup-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Set up" };

export default async function SetupPage() {
  if (!(await needsSetup())) redirect("/login");
  return (
    <AuthCard title="Welcome to Switchyard" subtitle="Create your organization and its owner account. You can invite your team later.">
      <TrpcProvider>
        <SetupForm />
      </TrpcProvider>
    </AuthCard>
  );
}
