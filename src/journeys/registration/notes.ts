import type { Step } from '../engine';
import { bureauNotes } from '../../domain/notices';
import type { Answers, RegistrationDeps } from './types';

/** 注意事项: the bureau's own lines, or the manual's five. */
export const notesStep: Step<Answers, RegistrationDeps> = {
  id: 'notes',
  title: '注意事项',
  view: 'pages/apply/notes',
  async load({ draft, deps }) {
    const { bureau } = await deps.places.bureauContext(draft.answers.bureau!.bureauId);
    return { notes: bureauNotes(bureau?.notes), bureauId: draft.answers.bureau!.bureauId };
  },
  async submit() {
    return { kind: 'answer', answer: { read: true } };
  },
};
