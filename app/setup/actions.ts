"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requestOrigin } from "@/lib/audit/record";
import { getAuth, MIN_PASSWORD_LENGTH } from "@/lib/auth/auth";
import { completeSetup, SetupError } from "@/lib/auth/setup";

export interface SetupState {
  error: string | null;
  values: { name: string; email: string };
}

const setupSchema = z.object({
  token: z.string().min(1).max(200),
  name: z.string().trim().min(1, "Enter your name").max(120),
  email: z.email("Enter a valid email address").max(320),
  password: z.string().min(MIN_PASSWORD_LENGTH, `The password must have at least ${MIN_PASSWORD_LENGTH} characters`).max(256),
});

/** First run: the visitor with the one-time link creates the admin account and is signed in. */
export async function completeSetupAction(_previous: SetupState, form: FormData): Promise<SetupState> {
  const values = { name: String(form.get("name") ?? "").slice(0, 120), email: String(form.get("email") ?? "").slice(0, 320) };
  const parsed = setupSchema.safeParse({ token: form.get("token"), name: form.get("name"), email: form.get("email"), password: form.get("password") });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Invalid input", values };
  if (parsed.data.password !== form.get("confirm")) return { error: "The two passwords differ.", values };
  const h = await headers();
  try {
    await completeSetup(parsed.data, requestOrigin(h));
  } catch (error) {
    if (error instanceof SetupError) return { error: error.message, values };
    console.error("relaydesk: setup failed", error);
    return { error: "The admin account could not be created.", values };
  }
  const auth = await getAuth();
  await auth.api.signInEmail({ body: { email: parsed.data.email, password: parsed.data.password }, headers: h });
  redirect("/admin/users?setup=1");
}
