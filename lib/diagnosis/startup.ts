/** Server side: what the diagnosis layer does when the server process starts. */
import { markInterruptedDiagnoses } from "./store";

export async function markInterruptedChecksOnStart(): Promise<void> {
  try {
    const count = await markInterruptedDiagnoses();
    if (count > 0) console.warn(`relaydesk: ${count} live check(s) were running when the server stopped; marked as interrupted by a restart`);
  } catch (error) {
    // a database that is not migrated yet must not keep the server from starting
    console.error("relaydesk: could not mark interrupted live checks", error);
  }
}
