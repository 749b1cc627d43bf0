/**
 * Who may do what to a saved diagnosis. There are no accounts yet, so every caller may; the
 * routes call these predicates before the data-access layer so that accounts (issue 11) change
 * only this file: pinning becomes an admin's right.
 */

/** The caller of a request; no accounts yet, so only where it came from is known. */
export type Caller = { kind: "anonymous"; method: string };

export function callerOf(request: Request): Caller {
  return { kind: "anonymous", method: request.method };
}

/** Pinning exempts a diagnosis from retention (an admin's decision once accounts exist). */
export function canPinDiagnosis(caller: Caller, diagnosisId: string): boolean {
  return caller.kind === "anonymous" && diagnosisId.length > 0;
}
