import {
  type DatePickerInputProps,
  DatePickerInput,
  type DateTimePickerProps,
  DateTimePicker,
} from '@mantine/dates';
import { useMediaQuery } from '@mantine/hooks';

/** French names for the calendar's buttons (the locale and Monday first come from `DatesProvider`). */
const ariaLabels = {
  monthLevelControl: 'Choisir le mois',
  yearLevelControl: 'Choisir l’année',
  nextMonth: 'Mois suivant',
  previousMonth: 'Mois précédent',
  nextYear: 'Année suivante',
  previousYear: 'Année précédente',
  nextDecade: 'Décennie suivante',
  previousDecade: 'Décennie précédente',
};

/** On a phone the calendar opens in a modal, easier to tap than a popover under the field. */
const usePhoneDropdown = () => (useMediaQuery('(max-width: 36em)') ? 'modal' : 'popover');

type Controlled<P> = Omit<P, 'value' | 'onChange' | 'type'> & {
  value?: string;
  onChange: (value: string) => void;
};

/** A calendar day, `YYYY-MM-DD` in the form values ('' when empty), shown « 12 mars 2026 ». */
export function DayField({ value, onChange, ...rest }: Controlled<DatePickerInputProps>) {
  return (
    <DatePickerInput
      valueFormat="D MMMM YYYY"
      ariaLabels={ariaLabels}
      dropdownType={usePhoneDropdown()}
      {...rest}
      value={value || null}
      onChange={(day) => onChange(day ?? '')}
    />
  );
}

/**
 * A wall-clock date and time, `YYYY-MM-DD HH:mm:ss` in the form values ('' when empty); the form
 * turns it into an instant with `parisWallInstant` (`shared/paris-time.ts`).
 */
export function DateTimeField({ value, onChange, ...rest }: Controlled<DateTimePickerProps>) {
  return (
    <DateTimePicker
      valueFormat="D MMMM YYYY [à] HH:mm"
      ariaLabels={ariaLabels}
      dropdownType={usePhoneDropdown()}
      timePickerProps={{ hoursInputLabel: 'Heures', minutesInputLabel: 'Minutes' }}
      submitButtonProps={{ 'aria-label': 'Valider la date et l’heure' }}
      {...rest}
      value={value || null}
      onChange={(at) => onChange(at ?? '')}
    />
  );
}
