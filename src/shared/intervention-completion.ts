/**
 * What an on-site intervention needs before it can be completed: the technician's arrival, a
 * report and the client's signature. A remote intervention needs none of them. The server
 * enforces it on the phone's `complete` operation; the phone checks it first to say what is
 * missing without a round trip (and while offline).
 */
export type CompletionFacts = {
  remote: boolean;
  checkInAt: Date | string | null | undefined;
  report: string | null | undefined;
  /** When the client signed (the signature itself lives in a file). */
  signedAt: Date | string | null | undefined;
};

/** What is still missing, in French, in the order the technician does it; empty when complete. */
export function missingForCompletion(i: CompletionFacts): string[] {
  if (i.remote) return [];
  const missing: string[] = [];
  if (!i.checkInAt) missing.push('l’arrivée sur site');
  if (!i.report?.trim()) missing.push('le compte rendu');
  if (!i.signedAt) missing.push('la signature du client');
  return missing;
}

/** The message shown (phone) or returned (server) when completion is refused. */
export function completionRefusal(missing: readonly string[]): string {
  return `Avant de terminer, il manque : ${missing.join(', ')}.`;
}
