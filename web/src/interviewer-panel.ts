import type { EditRights, NoteEntry } from '../../src/room/protocol.js';
import { h, replaceChildren } from './dom.js';
import { formatTime } from './format.js';
import type { InterviewTimer } from './interview-timer.js';

/** What the interviewer's controls send. */
export interface InterviewerActions {
  setRights(role: 'interviewer' | 'candidate', canEdit: boolean): void;
  addNote(text: string): boolean;
  endSession(): void;
}

/** The interviewer's tools: phase and timer, edit rights, private notes, and End session. */
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
