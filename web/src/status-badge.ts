import { h } from './dom.js';
import type { ConnectionStatus } from './room-connection.js';

/** The connection indicator in the top bar. */
export class StatusBadge {
  readonly element = h('span', {
    class: 'status',
    attrs: { 'data-testid': 'status', role: 'status' },
  });
  #ended = false;

  constructor() {
    this.set({ state: 'connecting', attempt: 0 });
  }

  /** Shows a connection state. */
  set(status: ConnectionStatus): void {
    const text =
      status.state === 'online'
        ? 'Online'
        : status.state === 'connecting'
          ? status.attempt === 0
            ? 'Connecting…'
            : `Reconnecting (attempt ${status.attempt + 1})…`
          : `Offline · retrying in ${Math.max(1, Math.round(status.retryInMs / 1000))} s`;
    this.element.dataset.state = status.state;
    this.element.textContent =
      this.#ended && status.state === 'online' ? 'Ended · read-only' : text;
  }

  /** Marks the session ended. */
  setEnded(): void {
    this.#ended = true;
    this.element.dataset.ended = 'true';
    if (this.element.dataset.state === 'online') this.element.textContent = 'Ended · read-only';
  }
}
