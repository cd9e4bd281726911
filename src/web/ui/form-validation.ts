import type { FormErrors } from '@mantine/form';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import type { z } from '../../shared/zod.ts';

/**
 * Validates a Mantine form with the shared request schema, on the body the form will send: the
 * browser refuses what the API would refuse, with the same French messages under the fields.
 * `rename` maps body fields to form fields where they differ (`capitalCents` → `capital`); an
 * error deeper in the body (`logo.base64`) shows under its top field.
 */
export function bodyResolver<V>(
  schema: z.ZodType,
  toBody: (values: V) => unknown,
  rename: Record<string, string> = {},
): (values: V) => FormErrors {
  const resolve = zod4Resolver(schema, { errorPriority: 'first' });
  return (values) => {
    const errors: FormErrors = {};
    for (const [path, message] of Object.entries(resolve(toBody(values) as Record<string, unknown>))) {
      const head = path.split('.')[0] ?? path;
      errors[rename[path] ?? path] = message;
      errors[rename[head] ?? head] ??= message;
    }
    return errors;
  };
}

/** A form whose values are the request body itself (a name, a category…). */
export const schemaResolver = (schema: z.ZodType) => zod4Resolver(schema, { errorPriority: 'first' });
