// Sign in and sign up. The identity service answers with httpOnly cookies;
// nothing here stores a token.

import { useMemo } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";

import { auth, signInFields, signUpFields } from "../app.config";
import { useSession } from "../auth/session";
import type { FieldSpec } from "../entities/types";
import { FieldInput } from "../ui/FieldInput";
import { Alert } from "../ui/states";
import { useForm } from "../ui/useForm";
import { initialValues, toBody } from "../values";

export function AuthPage({ mode }: { mode: "sign-in" | "sign-up" }) {
  const signingUp = mode === "sign-up";
  const fields: readonly FieldSpec[] = signingUp ? signUpFields : signInFields;
  const initial = useMemo(() => initialValues(fields, null), [fields]);
  const form = useForm(fields, initial, true);
  const { state, reload } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get("next")?.startsWith("/") ? params.get("next")! : "/";

  if (state.status === "signed_in") return <Navigate to={next} replace />;

  return (
    <section className="auth">
      <div className="panel">
        <h1>{signingUp ? "Create your account" : "Welcome back"}</h1>
        <p className="muted">{signingUp ? "It takes less than a minute." : "Sign in to continue."}</p>
        {form.banner && <Alert>{form.banner}</Alert>}
        <form
          className="form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void form.submit(async (values) => {
              const body = toBody(fields, values, initial, true);
              if (signingUp) await auth.signUp(body as unknown as Parameters<typeof auth.signUp>[0]);
              else await auth.signIn(body as unknown as Parameters<typeof auth.signIn>[0]);
              await reload();
              navigate(next, { replace: true });
            });
          }}
        >
          {fields.map((field) => (
            <FieldInput
              key={field.name}
              field={field}
              value={form.values[field.name] ?? null}
              error={form.errors[field.name]}
              creating
              onChange={(v) => form.change(field.name, v)}
              onBlur={() => form.blur(field)}
            />
          ))}
          <button type="submit" className="button primary block" disabled={form.busy}>
            {form.busy ? "Please wait…" : signingUp ? "Sign up" : "Sign in"}
          </button>
        </form>
        <p className="switch">
          {signingUp ? (
            <>
              Already have an account? <Link to="/sign-in">Sign in</Link>
            </>
          ) : (
            <>
              New here? <Link to="/sign-up">Create an account</Link>
            </>
          )}
        </p>
      </div>
    </section>
  );
}
