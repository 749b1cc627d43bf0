/**
 * Who may do what to a saved diagnosis. There are no accounts yet, so every caller may; the
 * routes call these predicates before the data-access layer so that accounts (issue 11) change
 * only this file: pinning becomes an admin's right.
 */

/** The caller of a request; no accounts yet. */
export type Caller = { kind: "anonymous" };

export function callerOf(_request: Request): Caller {
  return { kind: "anonymous" };
}

/** Pinning exempts a diagnosis from retention (an admin's decision once accounts exist). */
export function canPinDiagnosis(_caller: Caller, _diagnosisId: string): boolean {
  return true;
}
