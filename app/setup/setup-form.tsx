"use client";

import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field, FormAlert, SubmitButton } from "@/app/_components/form";
import { useTRPC } from "@/app/_components/trpc-provider";

export function SetupForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  const createOwner = useMutation(trpc.setup.createOwner.mutationOptions());

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFieldErrors({});
    setFormError(null);
    const form = new FormData(event.currentTarget);
    const input = {
      organizationName: String(form.get("organizationName") ?? ""),
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    };
    try {
      await createOwner.mutateAsync(input);
    } catch (error) {
      const data = (error as { data?: { issues?: { path: string; message: string }[] } }).data;
      if (data?.issues?.length) setFieldErrors(Object.fromEntries(data.issues.map((i) => [i.path, i.message])));
      else setFormError((error as Error).message);
      return;
    }
    setSigningIn(true);
    const result = await signIn("credentials", { email: input.email, password: input.password, redirect: false });
    if (result?.error) {
      setSigningIn(false);
      setFormError(result.error);
      return;
    }
    router.replace("/");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormAlert message={formError} />
      <Field label="Organization name" name="organizationName" autoComplete="organization" required autoFocus error={fieldErrors.organizationName} />
      <Field label="Your name" name="name" autoComplete="name" required error={fieldErrors.name} />
      <Field label="Email" name="email" type="email" autoComplete="email" required error={fieldErrors.email} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        error={fieldErrors.password}
        hint="At least 12 characters."
      />
      <SubmitButton pending={createOwner.isPending || signingIn} pendingLabel="Setting up…">
        Create organization
      </SubmitButton>
    </form>
  );
}
