import Link from "next/link";

export default function NotFound() {
  return (
    <div className="space-y-3">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p>
        There is nothing at this address. <Link href="/" className="text-sky-800 underline">Search the knowledge base</Link>.
      </p>
    </div>
  );
}
