/** localStorage key of the display name put on saved diagnoses (no accounts yet). */
export const NAME_STORAGE_KEY = "relaydesk.displayName";
