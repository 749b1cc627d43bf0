"use client";

import { useActionState } from "react";
import { signInAction, type SignInState } from "@/app/login/actions";

const INPUT = "mt-1 block min-h-11 w-full rounded border border-slate-400 px-3 text-base focus:outline-none focus:ring-2 focus:ring-sky-600";

export function SignInForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, { error: null, email: "" });
  return (
    <form action={action} className="space-y-4" aria-describedby={state.error ? "sign-in-error" : undefined}>
      <input type="hidden" name="next" value={next} />
      <div>
        <label htmlFor="email" className="block text-sm font-medium">
          Email address
        </label>
        <input id="email" name="email" type="email" autoComplete="username" required defaultValue={state.email} className={INPUT} />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium">
          Password
        </label>
        <input id="password" name="password" type="password" autoComplete="current-password" required className={INPUT} />
      </div>
      {state.error ? (
        <p id="sign-in-error" role="alert" className="text-sm font-medium text-red-800">
          {state.error}
        </p>
      ) : null}
      <button type="submit" disabled={pending} className="min-h-11 w-full rounded bg-sky-800 px-4 text-sm font-semibold text-white hover:bg-sky-900 focus:outline-none focus:ring-2 focus:ring-sky-600 disabled:opacity-60">
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
