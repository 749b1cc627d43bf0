import type { Metadata } from "next";
import Link from "next/link";
import { SetupForm } from "@/components/auth/setup-form";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/auth";
import { adminExists, setupTokenValid } from "@/lib/auth/setup";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "First-run setup", robots: { index: false, follow: false } };

/** The one-time first-run page: only with the link printed on the console, only while no admin exists. */
export default async function SetupPage({ searchParams }: PageProps<"/setup">) {
  const raw = (await searchParams).token;
  const token = (Array.isArray(raw) ? raw[0] : raw) ?? "";
  if (await adminExists()) {
    return (
      <div className="mx-auto max-w-md space-y-4 py-6">
        <h1 className="text-2xl font-semibold tracking-tight">RelayDesk is set up</h1>
        <p>An admin account exists, so this link does nothing any more.</p>
        <Link href="/login" className="text-sky-800 underline">
          Sign in
        </Link>
      </div>
    );
  }
  if (!(await setupTokenValid(token))) {
    return (
      <div className="mx-auto max-w-md space-y-4 py-6">
        <h1 className="text-2xl font-semibold tracking-tight">Setup link not valid</h1>
        <p role="alert">
          Open the one-time setup link exactly as printed on the console where RelayDesk was started. Each start prints a new one and the older
          links stop working.
        </p>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-md space-y-6 py-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Create the admin account</h1>
        <p className="text-sm text-slate-700">
          This is the first start of RelayDesk. The account you create here is the first admin; it can then add staff and give them roles. This link
          works once.
        </p>
      </header>
      <SetupForm token={token} minPassword={MIN_PASSWORD_LENGTH} />
    </div>
  );
}
