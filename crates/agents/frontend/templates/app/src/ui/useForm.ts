import { useState } from "react";

import { ApiError, describe } from "../api/http";
import type { FieldSpec } from "../entities/types";
import { validate, validateField, type Errors, type FormValues } from "../validate";

/** Form state: values, per-field errors (client's and server's), a banner. */
export function useForm(fields: readonly FieldSpec[], initial: FormValues, creating: boolean) {
  const [values, setValues] = useState<FormValues>(initial);
  const [errors, setErrors] = useState<Errors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const change = (name: string, value: FormValues[string]) => {
    setValues((v) => ({ ...v, [name]: value }));
    if (errors[name]) setErrors(({ [name]: _gone, ...rest }) => rest);
  };

  const blur = (field: FieldSpec) => {
    const problem = validateField(field, values[field.name] ?? null, creating);
    setErrors((e) => {
      const { [field.name]: _old, ...rest } = e;
      return problem ? { ...rest, [field.name]: problem } : rest;
    });
  };

  /** Validates, then runs `action`; server errors land on their fields. */
  const submit = async (action: (values: FormValues) => Promise<void>) => {
    const found = validate(fields, values, creating);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setBanner("Some fields need your attention.");
      const first = fields.find((f) => found[f.name]);
      if (first) document.getElementById(`field-${first.name}`)?.focus();
      return;
    }
    setBusy(true);
    setBanner(null);
    try {
      await action(values);
    } catch (e) {
      if (e instanceof ApiError && e.errors.length > 0) {
        setErrors(e.fieldErrors());
        setBanner(e.detail || "Some fields need your attention.");
      } else {
        setBanner(describe(e));
      }
    } finally {
      setBusy(false);
    }
  };

  return { values, errors, banner, busy, change, blur, submit, setValues };
}
