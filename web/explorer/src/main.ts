import './styles.css';
import { describeError } from './api';
import { byId, h, setState } from './dom';
import { ClusterView } from './cluster.view';
import { FunnelView } from './funnel.view';
import { APP_CODES } from './queries';
import { PathView } from './path.view';
import { ReviewView } from './review.view';
import { SegmentView } from './segment.view';
import { currentToken, readClaims, saveToken } from './token';

const cluster = new ClusterView();
new PathView();
new ReviewView();
const segment = new SegmentView();
const funnel = new FunnelView();

function showTokenStatus(): void {
  const status = byId('token-status');
  const token = currentToken();
  if (!token) {
    setState(status, 'idle', 'No token: only a development server without a key answers (as an admin).');
    return;
  }
  const claims = readClaims(token);
  if (!claims) {
    setState(status, 'error', 'This does not look like a JWT: the server will refuse it.');
    return;
  }
  const expires = claims.exp ? `, expires ${new Date(claims.exp * 1000).toLocaleString()}` : '';
  setState(status, 'ok', `Token for ${claims.role ?? 'no role'}${claims.sub ? ` ${claims.sub}` : ''}${expires}.`);
}

/** What needs the token: the lists the forms pick from. */
async function loadLists(): Promise<void> {
  await Promise.all([segment.loadTags(), funnel.loadBrands()]).catch((error) => setState(byId('token-status'), 'error', describeError(error)));
}

byId('app-codes').replaceChildren(...APP_CODES.map((code) => h('option', { value: code })));

byId<HTMLFormElement>('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  saveToken(byId<HTMLInputElement>('token').value.trim());
  byId<HTMLInputElement>('token').value = '';
  showTokenStatus();
  void loadLists();
});
byId('token-forget').addEventListener('click', () => {
  saveToken('');
  showTokenStatus();
});

byId<HTMLFormElement>('search-member').addEventListener('submit', (event) => {
  event.preventDefault();
  const id = byId<HTMLInputElement>('member-id').value.trim();
  if (id) void cluster.showMember(id);
});
byId<HTMLFormElement>('search-account').addEventListener('submit', (event) => {
  event.preventDefault();
  const app = byId<HTMLInputElement>('account-app').value.trim().toUpperCase();
  const externalId = byId<HTMLInputElement>('account-id').value.trim();
  if (app && externalId) void cluster.showAccount(app, externalId);
});

showTokenStatus();
void loadLists();
