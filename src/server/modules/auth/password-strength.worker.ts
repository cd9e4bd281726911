import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as fr from '@zxcvbn-ts/language-fr';
import { serveTasks } from '../../infra/worker-pool.ts';

/** The zxcvbn estimate, in a worker thread of `password.ts`'s pool (it costs up to a second). */
export type StrengthInput = { password: string; userInputs: string[] };
export type StrengthOutput = { score: number; warning: string | null; suggestions: string[] };

const zxcvbn = new ZxcvbnFactory({
  translations: fr.translations,
  graphs: common.adjacencyGraphs,
  dictionary: { ...common.dictionary, ...fr.dictionary },
  useLevenshteinDistance: true,
});

serveTasks<StrengthInput, StrengthOutput>(({ password, userInputs }) => {
  const { score, feedback } = zxcvbn.check(password, userInputs);
  return { score, warning: feedback.warning, suggestions: feedback.suggestions };
});
