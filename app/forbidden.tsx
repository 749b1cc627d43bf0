import Link from "next/link";

/** Shown (with status 403) when a signed-in staff member's role is too low for a page. */
export default function Forbidden() {
  return (
    <div className="mx-auto max-w-md space-y-4 py-6" data-testid="forbidden">
      <h1 className="text-2xl font-semibold tracking-tight">Not allowed</h1>
      <p>Your role does not allow this page. If you need it, ask an admin to change your role.</p>
      <Link href="/" className="text-sky-800 underline">
        Back to the start page
      </Link>
    </div>
  );
}
