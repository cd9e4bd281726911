import { Mark } from '@mantine/core';
import type { ReactNode } from 'react';

/** `value` with the [start, end) `ranges` marked. */
export function Highlight({ value, ranges }: { value: string; ranges: [number, number][] }) {
  const out: ReactNode[] = [];
  let at = 0;
  for (const [s, e] of ranges) {
    if (s > at) out.push(value.slice(at, s));
    out.push(
      <Mark key={s} color="yellow">
        {value.slice(s, e)}
      </Mark>,
    );
    at = e;
  }
  if (at < value.length) out.push(value.slice(at));
  return <>{out}</>;
}
