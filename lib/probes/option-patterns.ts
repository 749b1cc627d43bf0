/** Patterns of the probe options (lib/probes/options.ts and its SMTP fast path share them). */

export const HELO_RE = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^\[[0-9A-Fa-f:.]{2,45}\]$/;
/** A mailbox without anything that could end or inject a command (no CR/LF, spaces, <>, quotes). */
export const MAILBOX_RE = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$|^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@\[[0-9A-Fa-f:.]{2,45}\]$/;
export const KEYWORD_RE = /^[A-Za-z0-9][A-Za-z0-9-]{0,40}$/;
export const UNKNOWN_COMMAND_RE = /^[A-Za-z][A-Za-z0-9-]{0,31}$/;
