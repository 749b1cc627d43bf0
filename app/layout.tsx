import type { Metadata } from "next";
import Link from "next/link";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "RelayDesk", template: "%s · RelayDesk" },
  description: "Troubleshooting console for mail flow through firewalls and mail gateways",
};

export default function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
          Skip to content
        </a>
        <header className="border-b border-slate-200 bg-white">
          <nav aria-label="Main" className="mx-auto flex max-w-6xl items-center gap-6 px-4 py-3">
            <Link href="/" className="text-lg font-semibold tracking-tight text-sky-800">
              RelayDesk
            </Link>
            <Link href="/products" className="text-sm text-slate-700 hover:text-sky-800">
              Products
            </Link>
            <Link href="/symptoms" className="text-sm text-slate-700 hover:text-sky-800">
              Symptoms
            </Link>
            <Link href="/diagnose" className="text-sm text-slate-700 hover:text-sky-800">
              Diagnose
            </Link>
            <Link href="/diagnoses" className="text-sm text-slate-700 hover:text-sky-800">
              Diagnoses
            </Link>
          </nav>
        </header>
        <main id="main" className="mx-auto max-w-6xl px-4 py-6">
          {children}
        </main>
      </body>
    </html>
  );
}
