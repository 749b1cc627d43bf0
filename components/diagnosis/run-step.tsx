"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { NAME_STORAGE_KEY } from "./display-name";

/**
 * "Run it": checks the same target again with a step this check did not run (as a new diagnosis
 * linked to this one), then opens the result. The POP3 loop talks to another port, so it asks
 * for it.
 */
export function RunStep({ diagnosisId, step, label, otherPort }: { diagnosisId: string; step: string; label: string; otherPort?: number }) {
  const router = useRouter();
  const [state, setState] = useState<"idle" | "running" | "failed">("idle");
  const [message, setMessage] = useState("");
  const [port, setPort] = useState(otherPort ? String(otherPort) : "");

  async function run() {
    setState("running");
    setMessage("");
    try {
      const createdBy = window.localStorage.getItem(NAME_STORAGE_KEY) ?? undefined;
      const response = await fetch("/api/diagnoses", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ recheckOf: diagnosisId, addSteps: [step], ...(otherPort && port.trim() ? { port: Number(port) } : {}), ...(createdBy ? { createdBy } : {}) }),
      });
      const json = (await response.json()) as { url?: string | null; error?: { message?: string } };
      if (!response.ok || !json.url) {
        setState("failed");
        setMessage(json.error?.message ?? `The check could not run (HTTP ${response.status}).`);
        return;
      }
      router.push(new URL(json.url).pathname);
    } catch {
      setState("failed");
      setMessage("The connection to the server was lost.");
    }
  }

  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      {otherPort ? (
        <label className="text-xs">
          port{" "}
          <input
            value={port}
            onChange={(e) => setPort(e.target.value)}
            inputMode="numeric"
            className="w-16 rounded border border-slate-400 px-1 py-0.5 font-mono text-xs"
            aria-label={`Port for ${label}`}
          />
        </label>
      ) : null}
      <button
        type="button"
        onClick={() => void run()}
        disabled={state === "running"}
        className="rounded border border-sky-700 bg-white px-2 py-0.5 text-xs font-medium text-sky-900 hover:bg-sky-50 focus:outline-none focus:ring-2 focus:ring-sky-600 disabled:opacity-60"
        aria-label={`Run it: ${label}`}
      >
        {state === "running" ? "Running…" : "Run it"}
      </button>
      <span role="status" className="text-xs text-red-800">
        {message}
      </span>
    </span>
  );
}
