import type { EditRights, NoteEntry, Role } from '../../src/room/protocol/protocol.js';
import { renderCopyField } from './copy-field.js';
import { h, replaceChildren } from './dom.js';
import { formatTime } from './format.js';
import type { InterviewTimer } from './interview-timer.js';

/** What the interviewer's controls send. */
export interface InterviewerActions {
  setRights(role: 'interviewer' | 'candidate', canEdit: boolean): void;
  addNote(text: string): boolean;
  endSession(): void;
  /** Replaces a role's link and resolves to the new one (the old one stops working at once). */
  rotateLink(role: Role): Promise<string>;
}

/** The interviewer's tools: phase and timer, edit rights, private notes, new links, End session. */
export class InterviewerPanel {
  readonly element: HTMLElement;
  readonly #candidate: HTMLInputElement;
  readonly #self: HTMLInputElement;
  readonly #notes = h('ol', { class: 'notes', attrs: { 'data-testid': 'notes' } });
  readonly #noteInput: HTMLTextAreaElement;
  readonly #end: HTMLElement;
  readonly #seen = new Set<number>();
  readonly #summary = h('summary', null, 'Private notes');

  constructor(timer: InterviewTimer, actions: InterviewerActions, maxNoteChars: number) {
    this.#candidate = h('input', {
      attrs: { type: 'checkbox', 'data-testid': 'candidate-can-edit' },
    });
    this.#self = h('input', { attrs: { type: 'checkbox' } });
    this.#candidate.addEventListener('change', () =>
      actions.setRights('candidate', this.#candidate.checked),
    );
    this.#self.addEventListener('change', () =>
      actions.setRights('interviewer', this.#self.checked),
    );
    this.#noteInput = h('textarea', {
      attrs: {
        rows: 3,
        maxlength: maxNoteChars,
        placeholder: 'Private note (only interviewers see it)',
        'aria-label': 'Private note',
      },
    });
    const save = h('button', { class: 'btn', attrs: { type: 'submit' } }, 'Save note');
    const noteForm = h('form', { class: 'note-form' }, this.#noteInput, save);
    noteForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = this.#noteInput.value.trim();
      if (text && actions.addNote(text)) this.#noteInput.value = '';
    });
    this.#end = h('div', { class: 'end-session' });
    this.#renderEnd(actions, false);
    this.element = h(
      'section',
      { class: 'interviewer', attrs: { 'aria-label': 'Interviewer tools' } },
      h('h2', { class: 'section-title' }, 'Interview'),
      timer.element,
      h(
        'fieldset',
        { class: 'rights' },
        h('legend', null, 'Who may edit'),
        h('label', null, this.#candidate, ' Candidate'),
        h('label', null, this.#self, ' Interviewer (you)'),
      ),
      h('details', { class: 'notes-box' }, this.#summary, this.#notes, noteForm),
      renderLinksBox(actions),
      this.#end,
    );
  }

  /** Reflects the current edit rights in the checkboxes. */
  setRights(rights: EditRights, ended: boolean): void {
    this.#candidate.checked = rights.candidate;
    this.#self.checked = rights.interviewer;
    this.#candidate.disabled = ended;
    this.#self.disabled = ended;
    if (ended) replaceChildren(this.#end, h('p', { class: 'muted' }, 'The session has ended.'));
  }

  /** Adds notes not shown yet. */
  addNotes(notes: NoteEntry[]): void {
    for (const note of notes) {
      if (this.#seen.has(note.id)) continue;
      this.#seen.add(note.id);
      this.#notes.append(
        h(
          'li',
          null,
          h('time', { class: 'muted', attrs: { datetime: note.at } }, formatTime(note.at)),
          ' ',
          h('span', { class: 'note-text' }, note.text),
        ),
      );
    }
    this.#summary.textContent = `Private notes (${this.#seen.size})`;
  }

  // Ending is final for everyone, so it takes a second, explicit click (no native dialog).
  #renderEnd(actions: InterviewerActions, confirming: boolean): void {
    if (!confirming) {
      const end = h(
        'button',
        { class: 'btn btn-danger', attrs: { type: 'button' } },
        'End session…',
      );
      end.addEventListener('click', () => this.#renderEnd(actions, true));
      replaceChildren(this.#end, end);
      return;
    }
    const confirm = h(
      'button',
      { class: 'btn btn-danger', attrs: { type: 'button' } },
      'End for everyone',
    );
    const cancel = h('button', { class: 'btn btn-quiet', attrs: { type: 'button' } }, 'Cancel');
    confirm.addEventListener('click', () => actions.endSession());
    cancel.addEventListener('click', () => this.#renderEnd(actions, false));
    replaceChildren(
      this.#end,
      h('p', null, 'End the session? The room becomes read-only.'),
      confirm,
      ' ',
      cancel,
    );
  }
}

// Links are shown once, when the session is made; the server keeps only hashes. A lost or leaked
// link is replaced here: one button per role, so a click cuts off only the people it names.
function renderLinksBox(actions: InterviewerActions): HTMLElement {
  const result = h('div', { attrs: { 'aria-live': 'polite', 'data-testid': 'rotated-link' } });
  const buttons = (['candidate', 'observer', 'interviewer'] as const).map((role) => {
    const label = role === 'interviewer' ? 'New link for me' : `New ${role} link`;
    const button = h(
      'button',
      { class: 'btn btn-small', attrs: { type: 'button', 'data-testid': `rotate-${role}` } },
      label,
    );
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const link = await actions.rotateLink(role);
        replaceChildren(
          result,
          renderCopyField(`New ${role}`, link, `link-${role}`),
          h(
            'p',
            { class: 'muted' },
            `Copy it now: it is shown once. The old ${role} link is dead.`,
          ),
        );
      } catch (error) {
        replaceChildren(result, h('p', { class: 'error' }, (error as Error).message));
      } finally {
        button.disabled = false;
      }
    });
    return button;
  });
  return h(
    'details',
    { class: 'links-box' },
    h('summary', null, 'Links'),
    h(
      'p',
      { class: 'muted' },
      'Links are shown once, when the session is made. A new link replaces the old one: the old ' +
        'one stops working at once and whoever uses it is disconnected. Yours reopens this page.',
    ),
    h('div', { class: 'actions' }, ...buttons),
    result,
  );
}
