import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { currentStaff } from "@/lib/auth/require";
import { adminExists } from "@/lib/auth/setup";
import { ssoConfig } from "@/lib/auth/sso";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Sign in" };

function one(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

/** Staff sign-in: email and password (accounts are made by an admin), or company SSO when configured. */
export default async function LoginPage({ searchParams }: PageProps<"/login">) {
  const params = await searchParams;
  const rawNext = one(params.next);
  const next = rawNext.startsWith("/") && !rawNext.startsWith("//") ? rawNext : "/";
  if (await currentStaff()) redirect(next);
  const sso = ssoConfig();
  const noAdmin = !(await adminExists());
  return (
    <div className="mx-auto max-w-sm space-y-6 py-6">
      <h1 className="text-2xl font-semibold tracking-tight">Sign in to RelayDesk</h1>
      {noAdmin ? (
        <p role="status" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          No admin account exists yet. Open the one-time setup link printed on the console where RelayDesk was started.
        </p>
      ) : null}
      {one(params.error) ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          Single sign-on did not complete ({one(params.error).slice(0, 80)}). Try again or use your password.
        </p>
      ) : null}
      {sso ? (
        <>
          <Link
            href={`/login/sso?next=${encodeURIComponent(next)}`}
            prefetch={false}
            className="flex min-h-11 w-full items-center justify-center rounded border border-slate-400 bg-white px-4 text-sm font-semibold text-slate-900 no-underline hover:bg-slate-100"
          >
            Sign in with {sso.label}
          </Link>
          <p className="text-center text-xs text-slate-600">or with your RelayDesk password</p>
        </>
      ) : null}
      <SignInForm next={next} />
      <p className="text-xs text-slate-600">There is no sign-up: an admin creates staff accounts. Forgotten your password? Ask an admin.</p>
    </div>
  );
}
