import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';

/**
 * CodeMirror's default colours with the three that fall below 4.5:1 on white replaced (types
 * #085, regexps and escapes #e40, invalid #f00); every colour here is at least 6:1 on the panel
 * and 5.5:1 on the active line.
 */
const highlightStyle = HighlightStyle.define([
  { tag: t.meta, color: '#404740' },
  { tag: t.link, textDecoration: 'underline' },
  { tag: t.heading, textDecoration: 'underline', fontWeight: 'bold' },
  { tag: t.emphasis, fontStyle: 'italic' },
  { tag: t.strong, fontWeight: 'bold' },
  { tag: t.strikethrough, textDecoration: 'line-through' },
  { tag: t.keyword, color: '#708' },
  { tag: [t.atom, t.bool, t.url, t.contentSeparator, t.labelName], color: '#219' },
  { tag: [t.literal, t.inserted], color: '#164' },
  { tag: [t.string, t.deleted], color: '#a11' },
  { tag: [t.regexp, t.escape, t.special(t.string)], color: '#8f3f00' },
  { tag: t.definition(t.variableName), color: '#00f' },
  { tag: t.local(t.variableName), color: '#30a' },
  { tag: [t.typeName, t.namespace], color: '#166534' },
  { tag: t.className, color: '#167' },
  { tag: [t.special(t.variableName), t.macroName], color: '#256' },
  { tag: t.definition(t.propertyName), color: '#00c' },
  { tag: t.comment, color: '#940' },
  { tag: t.invalid, color: '#b3261e' },
]);

/** Syntax colours and the editor's look, shared by the live editor and the replay's view. */
export function editorLook(): Extension {
  return [
    syntaxHighlighting(highlightStyle),
    EditorView.theme({
      '&': { height: '100%', fontSize: '14px' },
      '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.55' },
      // The focus ring is drawn over the whole code area by the page's CSS (.editor-host), since
      // the sticky gutter would hide an outline's left edge.
      '&.cm-focused': { outline: 'none' },
      '.cm-gutters': {
        background: 'var(--panel)',
        borderRight: '1px solid var(--line)',
        color: 'var(--muted)',
      },
      '.cm-activeLineGutter': { background: '#e6eef7', color: 'var(--text)' },
      '.cm-activeLine': { background: '#f2f7fc' },
      '.cm-ySelectionInfo': {
        fontFamily: 'var(--sans)',
        opacity: 1,
        borderRadius: '3px',
        padding: '0 4px',
      },
      '.cm-panels': { background: 'var(--bg)', color: 'var(--text)' },
      '.cm-panels.cm-panels-top': { borderBottom: '1px solid var(--line)' },
      '.cm-search label': { fontSize: '13px' },
      '.cm-button': { backgroundImage: 'none', background: 'var(--panel)', color: 'var(--text)' },
      '.cm-textfield': { color: 'var(--text)', background: 'var(--panel)' },
    }),
  ];
}
