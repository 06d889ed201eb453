import { mountHome } from './home-page.js';
import { mountReplay } from './replay-page.js';
import { mountRoom } from './room-page.js';

// One bundle for every page: the path and query pick the page (the server serves the same HTML).
const root = document.getElementById('app');
if (root) {
  const url = new URL(location.href);
  const token = url.searchParams.get('token') ?? '';
  const sessionId = /^\/s\/([^/]+)$/.exec(url.pathname)?.[1];
  const replay = url.searchParams.get('replay');
  if (sessionId) mountRoom(root, decodeURIComponent(sessionId), token);
  else if (replay) void mountReplay(root, token, replay);
  else mountHome(root, token);
}
