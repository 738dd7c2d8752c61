import type { Step } from '../engine';
import { certificationNotes } from '../../domain/certification/bureauSettings';
import type { CertificationAnswers, CertificationDeps } from './types';

/** 步骤六 注意事项: the bureau's own 认定 notes, or the defaults. */
export const notesStep: Step<CertificationAnswers, CertificationDeps> = {
  id: 'notes',
  title: '注意事项',
  view: 'pages/certify/notes',
  async load({ draft, deps }) {
    const bureau = await deps.places.findBureau(draft.answers.bureau!.bureauId);
    return { notes: certificationNotes(bureau?.certification_notes), bureauId: bureau?.id ?? null };
  },
  async submit() {
    return { kind: 'answer', answer: { read: true } };
  },
};
