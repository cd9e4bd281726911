import type { UseFormReturnType } from '@mantine/form';
import { useState } from 'react';
import { ApiError } from '../app/api.ts';

/**
 * The submit of a form that calls the API once: `busy` while it runs, the API's field errors under
 * their fields, any other refusal as `error` (its French message, or `fallback` when the server
 * could not be reached).
 */
export function useFormSubmit<V extends Record<string, unknown>>(
  form: UseFormReturnType<V>,
  fallback: string,
  action: (values: V) => Promise<void>,
) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      await action(values);
    } catch (e) {
      const fields = e instanceof ApiError ? e.fieldErrors() : {};
      form.setErrors(fields);
      if (Object.keys(fields).every((f) => !(f in form.values)))
        setError(e instanceof ApiError ? e.message : fallback);
    } finally {
      setBusy(false);
    }
  });
  return { submit, busy, error };
}
