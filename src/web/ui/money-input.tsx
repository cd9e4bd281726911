import { TextInput, type TextInputProps } from '@mantine/core';
import { centsToInput, parseEuros } from '../../shared/money.ts';

/**
 * An amount typed in euros (« 189 », « 12,50 », « 1 234,5 ») held as the text typed; the form turns
 * it into cents with `eurosToCents` when it builds the request body, and the field shows « 12,50 »
 * once left. A text that is not an amount is kept, so the schema's message shows under the field.
 * Its `onChange` is a Mantine form's (`form.getInputProps`).
 */
export function MoneyInput(props: TextInputProps) {
  return (
    <TextInput
      inputMode="decimal"
      autoComplete="off"
      rightSection="€"
      rightSectionPointerEvents="none"
      {...props}
      onBlur={(e) => {
        const cents = parseEuros(e.currentTarget.value);
        // Mantine form's `onChange` takes the value itself as well as an event.
        if (cents !== null) props.onChange?.(centsToInput(cents) as never);
        props.onBlur?.(e);
      }}
    />
  );
}

/** The cents of a money field for the request body: null when empty, NaN (refused) when not an amount. */
export function eurosToCents(text: string): number | null {
  if (text.trim() === '') return null;
  return parseEuros(text) ?? Number.NaN;
}

/** The text of a money field holding `cents`. */
export const centsToEuros = centsToInput;
