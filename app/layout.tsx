import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { signOutAction } from "@/app/login/actions";
import { currentStaff } from "@/lib/auth/require";
import { atLeast, type Role } from "@/lib/auth/roles";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "RelayDesk", template: "%s · RelayDesk" },
  description: "Troubleshooting console for mail flow through firewalls and mail gateways",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

/** Each entry shows only to staff whose role may open it (the pages check again on the server). */
const NAV: ReadonlyArray<{ href: string; label: string; min: Role }> = [
  { href: "/products", label: "Products", min: "viewer" },
  { href: "/symptoms", label: "Symptoms", min: "viewer" },
  { href: "/diagnose", label: "Diagnose", min: "viewer" },
  { href: "/diagnoses", label: "Diagnoses", min: "viewer" },
  { href: "/kb", label: "Edit KB", min: "editor" },
  { href: "/tokens", label: "Tokens", min: "viewer" },
  { href: "/admin/users", label: "Staff", min: "admin" },
  { href: "/admin/agents", label: "Agents", min: "admin" },
  { href: "/admin/audit", label: "Audit", min: "admin" },
  { href: "/admin/policy", label: "Probe policy", min: "admin" },
];

/**
 * The main navigation collapses into a <details> menu below the md breakpoint: it opens and
 * closes without client JavaScript (the root layout ships none of its own).
 */
export default async function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  const staff = await currentStaff();
  const nav = staff ? NAV.filter((item) => atLeast(staff.role, item.min)) : [];
  const account = staff ? (
    <form action={signOutAction} className="flex items-center gap-2 text-sm" data-testid="account">
      <span className="text-slate-700">
        {staff.name} <span className="rounded bg-slate-100 px-1 text-xs" data-testid="account-role">{staff.role}</span>
      </span>
      <button type="submit" className="min-h-11 rounded px-2 text-sky-800 underline hover:bg-slate-100">
        Sign out
      </button>
    </form>
  ) : (
    <Link href="/login" className="flex min-h-11 items-center px-2 text-sm text-sky-800 underline">
      Sign in
    </Link>
  );
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:bg-white focus:p-2">
          Skip to content
        </a>
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-6 px-4 py-2">
            <Link href="/" className="flex min-h-11 items-center text-lg font-semibold tracking-tight text-sky-800">
              RelayDesk
            </Link>
            <nav aria-label="Main" className="hidden md:block">
              <ul className="flex items-center gap-1">
                {nav.map((item) => (
                  <li key={item.href}>
                    <Link href={item.href} className="flex min-h-11 items-center rounded px-3 text-sm text-slate-700 hover:bg-slate-100 hover:text-sky-800">
                      {item.label}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
            <div className="hidden md:block">{account}</div>
            <details className="nav-menu md:hidden" data-testid="nav-menu">
              <summary className="flex min-h-11 cursor-pointer list-none items-center gap-2 rounded border border-slate-300 px-3 text-sm font-medium text-slate-800">
                <span aria-hidden="true">☰</span> Menu
              </summary>
              <nav aria-label="Main" className="absolute inset-x-0 z-20 mt-2 border-b border-slate-200 bg-white shadow-md">
                <ul className="mx-auto max-w-6xl px-2 py-1">
                  {nav.map((item) => (
                    <li key={item.href}>
                      <Link href={item.href} className="flex min-h-11 items-center rounded px-3 text-base text-slate-800 hover:bg-slate-100">
                        {item.label}
                      </Link>
                    </li>
                  ))}
                </ul>
                <div className="mx-auto max-w-6xl border-t border-slate-200 px-3 py-1">{account}</div>
              </nav>
            </details>
          </div>
        </header>
        <main id="main" className="mx-auto max-w-6xl px-4 py-6">
          {children}
        </main>
      </body>
    </html>
  );
}
