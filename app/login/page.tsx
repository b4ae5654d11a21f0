import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { AuthCard } from "@/app/_components/form";
import { authOptions } from "@/server/auth/next-auth";
import { needsSetup } from "@/server/modules/auth/setup.service";
import { LoginForm } from "./login-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

export default async function LoginPage() {
  if (await needsSetup()) redirect("/setup");
  if (await getServerSession(authOptions())) redirect("/");
  return (
    <AuthCard title="Sign in" subtitle="Sign in to your Switchyard console.">
      <LoginForm />
    </AuthCard>
  );
}
