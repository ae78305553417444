// The simulator page: renders the server-side engine's state and sends what the user does.
// Everything shown is set with textContent (never innerHTML): speech, cards and attributes come
// from the skill and the identity service, and must not be able to inject markup.
/* global Option, setInterval */
'use strict';

const $ = (id) => document.getElementById(id);
let state = null;
let clockOffset = 0; // server time minus browser time, for the token countdown

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

async function api(path, body) {
  const init =
    body === undefined
      ? {}
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const response = await fetch(`/api${path}`, init);
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(json.error || `HTTP ${response.status}`);
  return json;
}

async function refresh() {
  state = await api('/state');
  clockOffset = state.serverTime - Date.now();
  render();
}

async function act(path, body) {
  setBusy(true);
  try {
    await api(path, body);
  } catch (error) {
    showLinkError(error.message);
  } finally {
    await refresh();
    setBusy(false);
  }
}

function setBusy(busy) {
  document.body.classList.toggle('busy', busy);
  for (const button of document.querySelectorAll('button')) button.disabled = busy;
}

function showLinkError(message) {
  $('link-error').hidden = !message;
  $('link-error').textContent = message || '';
}

function render() {
  $('skill-endpoint').textContent = state.skillEndpoint;
  $('identity-url').textContent = state.identityUrl;
  renderLink();
  renderLocales();
  renderSession();
  renderTranscript();
  renderIntentPicker();
}

function renderLink() {
  const link = state.link;
  $('link-state').textContent = link.linked ? 'Linked' : 'Not linked';
  $('link-state').dataset.state = link.linked ? 'linked' : 'unlinked';
  $('link-user').textContent = link.linked
    ? [link.name, link.username && `(${link.username})`].filter(Boolean).join(' ')
    : '';
  $('link-button').textContent = link.linked ? 'Link again' : 'Link account';
  $('unlink-button').hidden = !link.linked;
  const refreshes =
    link.refreshCount === 0
      ? 'none yet'
      : `${link.refreshCount}, last at ${new Date(link.lastRefreshAt).toLocaleTimeString()}`;
  $('refresh-info').textContent = refreshes;
  $('refresh-info').dataset.count = String(link.refreshCount);
  showLinkError(state.linkError || link.lastError);
  tick();
}

function tick() {
  if (!state) return;
  const link = state.link;
  const expiry = $('token-expiry');
  if (!link.linked) {
    expiry.textContent = '—';
    expiry.dataset.expired = 'false';
    return;
  }
  const seconds = Math.round((link.expiresAt - (Date.now() + clockOffset)) / 1000);
  expiry.dataset.expired = String(seconds <= 0);
  expiry.textContent =
    seconds > 0
      ? `expires in ${formatDuration(seconds)}`
      : `expired ${formatDuration(-seconds)} ago — refreshed before the next request`;
}

function formatDuration(seconds) {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

function renderLocales() {
  const select = $('locale');
  if (select.dataset.rendered !== state.locales.join(',')) {
    select.replaceChildren(...state.locales.map((locale) => new Option(locale, locale)));
    select.dataset.rendered = state.locales.join(',');
  }
  select.value = state.locale;
  $('model-source').textContent = state.model ? `Interaction model: ${state.model.source}` : state.modelError || '';
}

function renderSession() {
  const session = state.session;
  $('session-id').textContent = session.open ? session.sessionId : 'No session open (the next request starts one)';
  $('session-attributes').textContent = JSON.stringify(session.attributes, null, 2);
}

function renderTranscript() {
  const list = $('transcript');
  list.replaceChildren(...state.transcript.map(renderEntry));
  const exchanges = state.transcript.filter((entry) => entry.request);
  const last = exchanges[exchanges.length - 1];
  $('last-request').textContent = last && last.request ? JSON.stringify(last.request, null, 2) : '';
  $('last-response').textContent = last && last.response ? JSON.stringify(last.response, null, 2) : '';
  if (list.lastElementChild) list.lastElementChild.scrollIntoView({ block: 'nearest' });
}

function describeRequest(entry) {
  if (entry.kind === 'event') return `${entry.requestType} (skill event)`;
  if (entry.utterance) return `“${entry.utterance}”`;
  if (entry.intent) {
    const slots = Object.entries(entry.slots || {}).map(([name, fill]) => `${name}=${fill.value}`);
    return `[${entry.intent}${slots.length ? ` ${slots.join(', ')}` : ''}]`;
  }
  return `[${entry.requestType}]`;
}

function renderEntry(entry) {
  if (entry.kind === 'link') return el('li', 'entry link muted small', entry.note);
  const item = el('li', `entry ${entry.kind}`);
  item.append(el('p', 'user', describeRequest(entry)));
  const meta = el('p', 'meta small');
  const parts = [entry.requestType];
  if (entry.intent) parts.push(entry.intent);
  if (entry.matchedBy) parts.push(`matched by ${entry.matchedBy}`);
  for (const [name, fill] of Object.entries(entry.slots || {})) {
    if (fill.resolution !== undefined)
      parts.push(`${name}: ${fill.resolution ? `ER_SUCCESS_MATCH ${fill.resolution.id}` : 'ER_SUCCESS_NO_MATCH'}`);
  }
  parts.push(entry.linked ? 'with access token' : 'no access token');
  meta.textContent = parts.join(' · ');
  if (entry.refreshed) meta.append(' ', el('span', 'badge refreshed', 'token refreshed'));
  item.append(meta);

  const alexa = el('div', 'alexa');
  if (entry.error) alexa.append(el('p', 'error', entry.error));
  if (entry.note) alexa.append(el('p', 'muted', entry.note));
  if (entry.speech) alexa.append(el('p', 'speech', entry.speech));
  if (entry.reprompt) alexa.append(el('p', 'reprompt small', `Reprompt: ${entry.reprompt}`));
  if (entry.card) alexa.append(renderCard(entry.card));
  if (entry.kind === 'event' && !entry.error) alexa.append(el('p', 'muted small', 'The skill acknowledged the event.'));
  if (entry.kind === 'turn' && entry.shouldEndSession && entry.requestType !== 'SessionEndedRequest') {
    alexa.append(el('p', 'muted small session-ended', 'Session ended.'));
  }
  item.append(alexa);
  return item;
}

function renderCard(card) {
  const box = el('div', `card card-${card.type.toLowerCase()}`);
  box.dataset.cardType = card.type;
  if (card.type === 'LinkAccount') {
    box.append(el('p', 'card-title', 'Link your account'));
    box.append(
      el('p', 'small', 'LinkAccount card: in the Alexa app this opens account linking. Here, use “Link account”.'),
    );
    return box;
  }
  if (card.title) box.append(el('p', 'card-title', card.title));
  if (card.content) box.append(el('p', 'card-content', card.content));
  box.append(el('p', 'muted small', `${card.type} card`));
  return box;
}

function renderIntentPicker() {
  const select = $('intent');
  const intents = state.model ? state.model.intents : [];
  const key = intents.map((intent) => intent.name).join(',') + state.locale;
  if (select.dataset.rendered !== key) {
    const previous = select.value;
    select.replaceChildren(...intents.map((intent) => new Option(intent.name, intent.name)));
    if (intents.some((intent) => intent.name === previous)) select.value = previous;
    select.dataset.rendered = key;
    renderSlotFields();
  }
}

function renderSlotFields() {
  const intent = (state.model ? state.model.intents : []).find((candidate) => candidate.name === $('intent').value);
  const fields = (intent ? intent.slots : []).map((slot) => {
    const label = el('label', null, `${slot.name} `);
    const input = el('input');
    input.name = slot.name;
    input.placeholder = slot.type;
    if (slot.values.length) {
      const list = el('datalist');
      list.id = `values-${slot.name}`;
      list.append(...slot.values.map((value) => new Option(value, value)));
      input.setAttribute('list', list.id);
      label.append(list);
    }
    label.append(input);
    return label;
  });
  $('slot-fields').replaceChildren(...fields);
}

$('say-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = $('utterance').value.trim();
  if (!text) return;
  $('utterance').value = '';
  await act('/say', { text });
  $('utterance').focus();
});

$('intent-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const slots = {};
  for (const input of $('slot-fields').querySelectorAll('input')) slots[input.name] = input.value;
  await act('/intent', { intent: $('intent').value, slots });
});

$('intent').addEventListener('change', renderSlotFields);
$('launch').addEventListener('click', () => act('/launch', {}));
$('unlink-button').addEventListener('click', () => act('/unlink', {}));
$('new-session').addEventListener('click', () => act('/session/new', {}));
$('end-session').addEventListener('click', () => act('/session/end', {}));
$('locale').addEventListener('change', () => act('/locale', { locale: $('locale').value }));

setInterval(tick, 250);
refresh().catch((error) => showLinkError(`The simulator is not answering: ${error.message}`));
