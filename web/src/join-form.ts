import { h, replaceChildren } from './dom.js';

const NAME_KEY = 'kit-name';

/** Asks for a display name before joining; remembers it in this browser for next time. */
export function renderJoinForm(
  root: HTMLElement,
  maxChars: number,
  onJoin: (name: string) => void,
): void {
  const input = h('input', {
    attrs: {
      id: 'name',
      name: 'name',
      required: true,
      maxlength: maxChars,
      autocomplete: 'name',
      value: localStorage.getItem(NAME_KEY) ?? '',
      'data-testid': 'join-name',
    },
  });
  const form = h(
    'form',
    { class: 'card join' },
    h('h1', null, 'Join the interview'),
    h('p', { class: 'muted' }, 'Your name is shown to everyone in the room.'),
    h('div', { class: 'field' }, h('label', { attrs: { for: 'name' } }, 'Your name'), input),
    h(
      'div',
      { class: 'actions' },
      h('button', { class: 'btn btn-primary', attrs: { type: 'submit' } }, 'Join'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = input.value.trim();
    if (!name) return;
    localStorage.setItem(NAME_KEY, name);
    onJoin(name);
  });
  replaceChildren(root, h('main', { class: 'page narrow' }, form));
  input.focus();
}
