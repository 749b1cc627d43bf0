"use client";

import { useState } from "react";
import type { DiagnosisRecord } from "@/lib/diagnosis/record";
import { diagnosisTicket, type TicketFormat } from "@/lib/diagnosis/ticket";

/** Copy the diagnosis as ticket text (plain or Markdown) and download it as JSON. */
export function TicketActions({ record }: { record: DiagnosisRecord }) {
  const [status, setStatus] = useState("");
  async function copy(format: TicketFormat) {
    const text = diagnosisTicket(record, format, window.location.origin);
    try {
      await navigator.clipboard.writeText(text);
      setStatus(format === "markdown" ? "Markdown copied to the clipboard." : "Ticket text copied to the clipboard.");
    } catch {
      setStatus("Copying failed: the browser refused clipboard access.");
    }
  }
  const button =
    "rounded border border-slate-400 bg-white px-3 py-1 text-sm text-slate-900 hover:bg-slate-100 focus:outline-none focus:ring-2 focus:ring-sky-600";
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="ticket-actions">
      <button type="button" className={button} onClick={() => void copy("text")}>
        Copy as ticket text
      </button>
      <button type="button" className={button} onClick={() => void copy("markdown")}>
        Copy as Markdown
      </button>
      <a className={button} href={`/api/diagnoses/${record.id}?download=1`} download={`relaydesk-diagnosis-${record.id}.json`}>
        Download JSON
      </a>
      <span role="status" className="text-sm text-slate-700">
        {status}
      </span>
    </div>
  );
}
