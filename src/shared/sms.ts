import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** A phone number in E.164 (`+33612345678`), read as French when it has no country code; null if invalid. */
export function toE164(input: string, defaultCountry: 'FR' = 'FR'): string | null {
  const n = parsePhoneNumberFromString(input.trim(), defaultCountry);
  return n?.isValid() ? n.number : null;
}

// GSM 03.38: the basic alphabet (one septet each) and its extension table (escape + one septet).
const gsmBasic = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const gsmExtended = new Set('^{}\\[~]|€\f');

export type SmsLength = {
  encoding: 'GSM-7' | 'UCS-2';
  /** Characters as the network counts them (an extension character counts two in GSM-7). */
  units: number;
  segments: number;
  /** What is left in the last segment before one more SMS is needed. */
  remaining: number;
};

/**
 * How an SMS text is sent: GSM-7 when every character is in the GSM alphabet (160 per SMS, 153 per
 * part when split), UCS-2 otherwise (70, then 67 per part; an emoji takes two).
 */
export function smsLength(text: string): SmsLength {
  let units = 0;
  let gsm = true;
  for (const ch of text) {
    if (gsmBasic.has(ch)) units += 1;
    else if (gsmExtended.has(ch)) units += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (!gsm) units = text.length; // UTF-16 code units
  const [single, part] = gsm ? [160, 153] : [70, 67];
  const segments = units === 0 ? 0 : units <= single ? 1 : Math.ceil(units / part);
  const capacity = segments <= 1 ? single : segments * part;
  return { encoding: gsm ? 'GSM-7' : 'UCS-2', units, segments, remaining: capacity - units };
}

/** The distinct characters that force UCS-2 (outside the GSM alphabet), in order of appearance. */
export function nonGsmCharacters(text: string): string[] {
  const out = new Set<string>();
  for (const ch of text) if (!gsmBasic.has(ch) && !gsmExtended.has(ch)) out.add(ch);
  return [...out];
}
