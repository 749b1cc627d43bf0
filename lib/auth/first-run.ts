import { publicOrigin } from "@/lib/http/origin";
import { bootstrapAdmin } from "./setup";

/** At server start: create the env admin, or print the one-time setup link, when no admin exists. */
export async function announceFirstRun(): Promise<void> {
  try {
    const origin = publicOrigin() ?? `http://localhost:${process.env.PORT ?? "3000"}`;
    const result = await bootstrapAdmin(process.env, origin);
    if (result.kind === "created") console.log(`relaydesk: created the admin account ${result.email} (RELAYDESK_ADMIN_EMAIL)`);
    if (result.kind === "link") {
      console.log("relaydesk: no admin account exists yet. Open this one-time link to create it:");
      console.log(`relaydesk:   ${result.url}`);
      console.log("relaydesk: (or set RELAYDESK_ADMIN_EMAIL and RELAYDESK_ADMIN_PASSWORD and restart)");
    }
  } catch (error) {
    console.error("relaydesk: first-run setup failed", error);
  }
}
