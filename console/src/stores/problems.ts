import { defineStore } from 'pinia';
import { ref } from 'vue';
import { ProblemError, type Problem } from '../api/client';
import { t } from '../messages';

/** The last problem a call met, shown above the page until dismissed or the page changes: never a blank page. */
export const useProblems = defineStore('problems', () => {
  const current = ref<Problem | null>(null);

  function show(error: unknown) {
    if (error instanceof ProblemError) current.value = error.problem;
    else current.value = { title: t.problem.title, detail: error instanceof Error ? error.message : String(error) };
  }

  function clear() {
    current.value = null;
  }

  return { current, show, clear };
});

/** Text of a problem for a message box: its title, detail, and the fields' validation errors. */
export function problemText(p: Problem): string {
  const errors = Array.isArray(p.errors) ? [] : p.errors ? Object.values(p.errors).flat() : [];
  return [p.detail, ...errors].filter(Boolean).join('；');
}
