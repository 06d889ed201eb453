import { h } from './dom.js';

/** A labelled read-only link with Copy and Open buttons. */
export function renderCopyField(label: string, value: string, testId: string): HTMLElement {
  const input = h('input', {
    class: 'copy-input',
    attrs: { readonly: true, value, 'aria-label': `${label} link`, 'data-testid': testId },
  });
  const copy = h('button', { class: 'btn btn-small', attrs: { type: 'button' } }, 'Copy');
  copy.addEventListener('click', async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(value);
      copy.textContent = 'Copied';
    } catch {
      // Clipboard access needs a secure context or permission; the text stays selected instead.
      copy.textContent = 'Press Ctrl+C';
    }
    setTimeout(() => {
      copy.textContent = 'Copy';
    }, 1500);
  });
  const open = h(
    'a',
    { class: 'btn btn-small btn-quiet', attrs: { href: value, target: '_blank', rel: 'noopener' } },
    'Open',
  );
  return h(
    'div',
    { class: 'copy-field' },
    h('span', { class: 'copy-label' }, label),
    input,
    copy,
    open,
  );
}
