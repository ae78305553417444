// The simulator page: renders the server-side engine's state and sends what the user does.
// Everything shown is set as text (textContent, never innerHTML): speech, cards and attributes come
// from the skill and the authorization server, and must not be able to inject markup.
/* global Option, setInterval */
'use strict';

const $ = (id) => document.getElementById(id);
let state = null;
let actionError;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

async function api(path, body) {
  const init = body && { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const response = await fetch(`/api${path}`, init);
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(json.error || `HTTP ${response.status}`);
  return json;
}

async function refresh() {
  state = await api('/state');
  render();
}

/** One thing the user does; its failure stays on the page until the next one. */
async function act(path, body = {}) {
  document.body.classList.add('busy');
  for (const button of document.querySelectorAll('button')) button.disabled = true;
  actionError = await api(path, body)
    .then(() => undefined)
    .catch((error) => error.message);
  await refresh().catch((error) => showError(error.message));
  for (const button of document.querySelectorAll('button')) button.disabled = false;
  document.body.classList.remove('busy');
}

function showError(message) {
  $('link-error').hidden = !message;
  $('link-error').textContent = message || '';
}

function render() {
  const { link, session, model } = state;
  $('skill-endpoint').textContent = state.skillEndpoint;
  $('identity-url').textContent = state.identityUrl;
  $('link-state').textContent = link.linked ? 'Linked' : 'Not linked';
  $('link-state').dataset.state = link.linked ? 'linked' : 'unlinked';
  $('link-user').textContent = link.linked
    ? [link.name, link.username && `(${link.username})`].filter(Boolean).join(' ')
    : '';
  $('link-button').textContent = link.linked ? 'Link again' : 'Link account';
  $('unlink-button').hidden = !link.linked;
  $('refresh-info').textContent = link.refreshCount
    ? `${link.refreshCount}, last at ${new Date(link.lastRefreshAt).toLocaleTimeString()}`
    : 'none yet';
  $('refresh-info').dataset.count = String(link.refreshCount);
  showError(actionError || state.linkError || link.lastError);
  tick();

  const locale = $('locale');
  if (locale.options.length !== state.locales.length)
    locale.replaceChildren(...state.locales.map((l) => new Option(l)));
  locale.value = state.locale;
  $('model-source').textContent = `Interaction model: ${model.source}`;
  $('utterance').placeholder = `Say something, e.g. “open ${model.invocationName}”`;
  $('session-id').textContent = session ? session.sessionId : 'No session open (the next request starts one)';
  $('session-attributes').textContent = JSON.stringify(session ? session.attributes : {}, null, 2);

  $('metrics-panel').hidden = !state.skillMetrics;
  const metrics = Object.entries(state.skillMetrics || {});
  $('skill-metrics').replaceChildren(
    ...metrics.flatMap(([name, figure]) => [el('dt', null, name), el('dd', null, figure)]),
  );

  const list = $('transcript');
  list.replaceChildren(...state.transcript.map(renderEntry));
  const last = state.transcript.filter((entry) => entry.request).pop();
  $('last-request').textContent = last ? JSON.stringify(last.request, null, 2) : '';
  $('last-response').textContent = last && last.response ? JSON.stringify(last.response, null, 2) : '';
  if (list.lastElementChild) list.lastElementChild.scrollIntoView({ block: 'nearest' });
}

function tick() {
  const link = state ? state.link : {};
  const seconds = Math.round((link.expiresAt - Date.now()) / 1000);
  const duration = (s) => (s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`);
  $('token-expiry').dataset.expired = String(link.linked && seconds <= 0);
  $('token-expiry').textContent = !link.linked
    ? '—'
    : seconds > 0
      ? `expires in ${duration(seconds)}`
      : `expired ${duration(-seconds)} ago; refreshed before the next request`;
}

function renderEntry(entry) {
  if (entry.kind === 'link') return el('li', 'entry muted small', entry.note);
  const item = el('li', `entry ${entry.kind}`);
  const parts = [entry.requestType, entry.intent, entry.matchedBy && `matched by ${entry.matchedBy}`];
  for (const [name, fill] of Object.entries(entry.slots || {})) {
    if (fill.resolution !== undefined)
      parts.push(`${name}: ${fill.resolution ? `ER_SUCCESS_MATCH ${fill.resolution.id}` : 'ER_SUCCESS_NO_MATCH'}`);
  }
  parts.push(entry.linked ? 'with access token' : 'no access token');
  const meta = el('p', 'meta', parts.filter(Boolean).join(' · '));
  if (entry.refreshed) meta.append(' ', el('span', 'refreshed', 'token refreshed'));
  const event = entry.kind === 'event' ? ' (skill event)' : '';
  const said = entry.utterance ? `“${entry.utterance}”` : `[${entry.requestType}${event}]`;
  item.append(el('p', 'user', said), meta);

  const alexa = el('div', 'alexa');
  if (entry.error) alexa.append(el('p', 'error', entry.error));
  if (entry.note) alexa.append(el('p', 'muted', entry.note));
  if (entry.speech) alexa.append(el('p', 'speech', entry.speech));
  if (entry.reprompt) alexa.append(el('p', 'reprompt small', `Reprompt: ${entry.reprompt}`));
  if (entry.card) alexa.append(renderCard(entry.card));
  if (entry.kind === 'event' && !entry.error) alexa.append(el('p', 'muted small', 'The skill acknowledged the event.'));
  if (entry.kind === 'turn' && entry.shouldEndSession && entry.requestType !== 'SessionEndedRequest') {
    alexa.append(el('p', 'muted small', 'Session ended.'));
  }
  item.append(alexa);
  return item;
}

function renderCard(card) {
  const box = el('div', 'card');
  box.dataset.cardType = card.type;
  const linkAccount = card.type === 'LinkAccount';
  const title = linkAccount ? 'Link your account' : card.title;
  const content = linkAccount ? 'In the Alexa app this opens account linking. Here: “Link account”.' : card.content;
  if (title) box.append(el('h3', null, title));
  // Line breaks stay line breaks (CSS white-space), and the text stays text.
  if (content) box.append(el('p', 'card-content', content));
  box.append(el('p', 'muted small', `${card.type} card`));
  return box;
}

$('say-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = $('utterance').value.trim();
  if (!text) return;
  $('utterance').value = '';
  await act('/say', { text });
  $('utterance').focus();
});
$('unlink-button').addEventListener('click', () => act('/unlink'));
$('end-session').addEventListener('click', () => act('/session/end'));
$('locale').addEventListener('change', () => act('/locale', { locale: $('locale').value }));

setInterval(tick, 250);
refresh().catch((error) => showError(`The simulator is not answering: ${error.message}`));
