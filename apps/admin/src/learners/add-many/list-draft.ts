import type { SeparatorChoice } from './learner-list';

/** What "Add many learners" holds while the admin works: kept by the page, so closing the dialog keeps it. */
export interface ListDraft {
  text: string;
  separator: SeparatorChoice;
  header: boolean | 'auto';
}

export const EMPTY_LIST_DRAFT: ListDraft = { text: '', separator: 'auto', header: 'auto' };
