// The playground's Slack client: shows what the Slack stand-in keeps for the
// person you are (conversations, Home, modals) and sends what you do to it;
// the stand-in signs it and delivers it to the bot as Slack would.
'use strict';

const BOT = 'UBOT';
const S = {
  me: localStorage.getItem('playground.me') || 'UIVY',
  view: 'home',            // 'home' or a conversation id
  state: null,             // /client/state for S.me
  people: {},              // id -> person
  offset: 0,               // the playground clock minus this browser's clock, ms
  seen: {},                // conversation id -> last ts seen
  callsNext: 0,
  rendered: { main: '', modal: '' },
};

const $ = (sel, root = document) => root.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'html') e.innerHTML = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c.nodeType ? c : document.createTextNode(c));
  return e;
};

async function call(path, body) {
  const res = await fetch(path, body === undefined ? {} : {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({ ok: false, error: `HTTP ${res.status}` }));
  if (json.ok === false) toast(json.error || 'failed');
  return json;
}

function toast(text) {
  const t = $('#toast');
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, 6000);
}

// ---------- time and names ----------

const zone = () => (S.people[S.me] || {}).tz || 'UTC';
const now = () => new Date(Date.now() + S.offset);
const nameOf = (id) => id === BOT ? 'micromentor' : (S.people[id] || {}).name || id;

function fmt(date, opts) {
  return new Intl.DateTimeFormat('en-US', { timeZone: zone(), ...opts }).format(date);
}
function dayKey(date) { return fmt(date, { year: 'numeric', month: '2-digit', day: '2-digit' }); }
function ordinal(n) { const s = ['th', 'st', 'nd', 'rd'], v = n % 100; return n + (s[(v - 20) % 10] || s[v] || s[0]); }

// `<!date^…>` tokens, in the viewer's zone (as Slack renders them).
function slackDate(seconds, format) {
  const d = new Date(seconds * 1000);
  const day = Number(fmt(d, { day: 'numeric' }));
  const month = fmt(d, { month: 'long' }), mon = fmt(d, { month: 'short' });
  const year = fmt(d, { year: 'numeric' }), weekday = fmt(d, { weekday: 'long' });
  const diff = Math.round((Date.parse(dayKey(d)) - Date.parse(dayKey(now()))) / 86400000);
  const pretty = diff === 0 ? 'today' : diff === 1 ? 'tomorrow' : diff === -1 ? 'yesterday' : null;
  const cap = (s) => s && s[0].toUpperCase() + s.slice(1);
  const parts = {
    date_num: `${year}-${fmt(d, { month: '2-digit' })}-${fmt(d, { day: '2-digit' })}`,
    date: `${month} ${ordinal(day)}, ${year}`,
    date_short: `${mon} ${day}, ${year}`,
    date_long: `${weekday}, ${month} ${ordinal(day)}, ${year}`,
    time: fmt(d, { hour: 'numeric', minute: '2-digit' }),
    time_secs: fmt(d, { hour: 'numeric', minute: '2-digit', second: '2-digit' }),
  };
  parts.date_pretty = cap(pretty) || parts.date;
  parts.date_short_pretty = cap(pretty) || parts.date_short;
  parts.date_long_pretty = cap(pretty) || parts.date_long;
  return format.replace(/\{(\w+)\}/g, (m, k) => parts[k] ?? m);
}

// ---------- mrkdwn ----------

const EMOJI = { wave: '👋', tada: '🎉', white_check_mark: '✅', x: '❌', warning: '⚠️', calendar: '📅', palm_tree: '🌴',
  airplane: '✈️', face_with_thermometer: '🤒', beach_with_umbrella: '🏖️', raised_hands: '🙌', bulb: '💡', mag: '🔍',
  hourglass: '⏳', hourglass_flowing_sand: '⏳', bell: '🔔', star: '⭐', sparkles: '✨', handshake: '🤝', clock3: '🕒',
  thumbsup: '👍', '+1': '👍', pray: '🙏', memo: '📝', busts_in_silhouette: '👥', bar_chart: '📊', chart_with_upwards_trend: '📈',
  inbox_tray: '📥', speech_balloon: '💬', seedling: '🌱', zzz: '💤', no_entry_sign: '🚫', heart: '❤️', rocket: '🚀', question: '❓',
  information_source: 'ℹ️', pushpin: '📌', spiral_calendar_pad: '🗓️', mailbox_with_mail: '📬', arrows_counterclockwise: '🔄' };
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const unesc = (s) => String(s).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const emoji = (s) => s.replace(/:([a-z0-9_+\-]+):/g, (m, k) => EMOJI[k] || m);

function inline(text) {
  // `text` is HTML-escaped already; Slack's formatting marks around words.
  return emoji(text)
    .replace(/(^|[\s(>])\*(?!\s)([^*\n]+?)\*(?=$|[\s).,!?:;<])/g, '$1<b>$2</b>')
    .replace(/(^|[\s(>])_(?!\s)([^_\n]+?)_(?=$|[\s).,!?:;<])/g, '$1<i>$2</i>')
    .replace(/(^|[\s(>])~(?!\s)([^~\n]+?)~(?=$|[\s).,!?:;<])/g, '$1<s>$2</s>');
}

function token(inner) {
  const [target, label] = (() => { const i = inner.indexOf('|'); return i < 0 ? [inner, null] : [inner.slice(0, i), inner.slice(i + 1)]; })();
  if (target.startsWith('@')) return `<span class="mention">@${esc(nameOf(target.slice(1)))}</span>`;
  if (target.startsWith('#')) return `<span class="mention">#${esc(label || target.slice(1))}</span>`;
  if (target.startsWith('!date^')) {
    const [, ts, format, link] = target.split('^');
    const shown = esc(slackDate(Number(ts), format));
    return link ? `<a href="${esc(link)}" target="_blank">${shown}</a>` : shown;
  }
  if (target.startsWith('!subteam^')) return `<span class="mention">@${esc(label || 'group')}</span>`;
  if (target.startsWith('!')) return `<span class="mention">@${esc(target.slice(1))}</span>`;
  return `<a href="${esc(target)}" target="_blank" rel="noopener">${esc(label || target)}</a>`;
}

function mrkdwn(raw) {
  const text = String(raw ?? '');
  let out = '';
  // Code blocks and spans first: nothing inside them is formatted.
  const parts = text.split(/(```[\s\S]*?```|`[^`\n]+`)/);
  for (const part of parts) {
    if (part.startsWith('```') && part.length >= 6) { out += `<pre class="code">${esc(unesc(part.slice(3, -3)))}</pre>`; continue; }
    if (part.startsWith('`') && part.length >= 2) { out += `<code>${esc(unesc(part.slice(1, -1)))}</code>`; continue; }
    let rest = '';
    let i = 0;
    const re = /<([^<>]+)>/g;
    let m;
    while ((m = re.exec(part))) {
      rest += inline(esc(unesc(part.slice(i, m.index)))) + token(unesc(m[1]));
      i = m.index + m[0].length;
    }
    rest += inline(esc(unesc(part.slice(i))));
    out += rest;
  }
  return out.split('\n').map((line) => line.startsWith('&gt; ') ? `<blockquote>${line.slice(5)}</blockquote>` : line).join('<br>')
    .replace(/<\/blockquote><br>/g, '</blockquote>');
}

function textObject(t) {
  if (!t) return '';
  return t.type === 'mrkdwn' ? mrkdwn(t.text) : emoji(esc(t.text ?? ''));
}
const plain = (t) => (t && t.text) || '';

// ---------- Block Kit ----------

// Where an element lives, for its block_actions: a message or a view.
// `surface` = { kind: 'message', channel, ts } | { kind: 'view', id, root }

function renderBlocks(blocks, surface, errors = {}) {
  const root = el('div', { class: 'blocks' });
  (blocks || []).forEach((b, i) => {
    const blockId = b.block_id || `auto-${i}`;
    const node = renderBlock(b, blockId, surface, errors);
    if (node) { node.dataset.blockId = blockId; node.dataset.blockType = b.type; root.append(node); }
  });
  return root;
}

function renderBlock(b, blockId, surface, errors) {
  switch (b.type) {
    case 'header': return el('div', { class: 'blk-header', html: textObject(b.text) });
    case 'divider': return el('hr', { class: 'blk-divider' });
    case 'context': return el('div', { class: 'blk-context' }, (b.elements || []).map((e) =>
      e.type === 'image' ? el('img', { src: e.image_url, alt: e.alt_text }) : el('span', { html: textObject(e) })));
    case 'image': {
      const src = b.image_url || (b.slack_file && (b.slack_file.url || `/client/file/${b.slack_file.id}`));
      return el('figure', { class: 'blk-image' }, b.title ? el('div', { class: 'muted small' }, plain(b.title)) : null,
        el('img', { src, alt: b.alt_text, title: b.alt_text }));
    }
    case 'section': {
      const text = el('div', { class: 'text', html: b.text ? textObject(b.text) : '' });
      if (b.fields) text.append(el('div', { class: 'blk-fields' }, b.fields.map((f) => el('div', { html: textObject(f) }))));
      const acc = b.accessory ? renderElement(b.accessory, blockId, surface, false) : null;
      return el('div', { class: 'blk-section' }, text, acc);
    }
    case 'actions': return el('div', { class: 'blk-actions' }, (b.elements || []).map((e) => renderElement(e, blockId, surface, false)));
    case 'input': {
      const err = errors[blockId];
      return el('div', { class: 'blk-input' + (err ? ' has-error' : '') },
        el('label', {}, plain(b.label), b.optional ? el('span', { class: 'optional' }, ' (optional)') : null),
        renderElement(b.element, blockId, surface, true),
        b.hint ? el('div', { class: 'hint' }, plain(b.hint)) : null,
        err ? el('div', { class: 'error' }, err) : null);
    }
    case 'rich_text': return el('div', {}, richText(b.elements));
    default: return el('div', { class: 'muted small' }, `[${b.type} block]`);
  }
}

function richText(elements) {
  return (elements || []).map((e) => e.elements ? richText(e.elements).join('') : (e.text || (e.user_id ? '@' + nameOf(e.user_id) : ''))).flat();
}

function option(o) { return { text: o.text, value: o.value, ...(o.description ? { description: o.description } : {}) }; }
function optionsOf(e) { return (e.options || []).concat(...(e.option_groups || []).map((g) => g.options)); }

// The element, wired to send block_actions when used outside an input block
// (inside an input block Slack only reports it in the view's state).
function renderElement(e, blockId, surface, inInput) {
  const act = (fields) => !inInput && sendAction(surface, { type: e.type, action_id: e.action_id, block_id: blockId, ...fields }, e.confirm);
  const attrs = { 'data-action-id': e.action_id, 'data-type': e.type };
  switch (e.type) {
    case 'button': {
      const cls = 'el-button' + (e.style ? ' ' + e.style : '');
      return el('button', { ...attrs, class: cls, type: 'button', onclick: () => {
        if (e.url) window.open(e.url, '_blank', 'noopener');
        act({ value: e.value, text: e.text });
      } }, emoji(plain(e.text)));
    }
    case 'overflow': {
      const sel = el('select', { ...attrs, onchange: () => { const o = optionsOf(e)[sel.selectedIndex - 1]; sel.selectedIndex = 0; if (o) act({ selected_option: option(o) }); } },
        el('option', {}, '⋯'), optionsOf(e).map((o) => el('option', {}, plain(o.text))));
      return sel;
    }
    case 'plain_text_input': {
      const attrs2 = { ...attrs, placeholder: plain(e.placeholder), maxlength: e.max_length };
      const input = e.multiline ? el('textarea', attrs2, e.initial_value || '') : el('input', { ...attrs2, type: 'text', value: e.initial_value || '' });
      return input;
    }
    case 'number_input': return el('input', { ...attrs, type: 'number', step: e.is_decimal_allowed ? 'any' : '1', min: e.min_value, max: e.max_value, value: e.initial_value || '', placeholder: plain(e.placeholder) });
    case 'datepicker': return el('input', { ...attrs, type: 'date', value: e.initial_date || '', onchange: (ev) => act({ selected_date: ev.target.value }) });
    case 'timepicker': return el('input', { ...attrs, type: 'time', value: e.initial_time || '', onchange: (ev) => act({ selected_time: ev.target.value }) });
    case 'checkboxes': case 'radio_buttons': {
      const multi = e.type === 'checkboxes';
      const initial = multi ? (e.initial_options || []).map((o) => o.value) : [e.initial_option && e.initial_option.value];
      const name = `${blockId}.${e.action_id}.${Math.random()}`;
      const box = el('div', { ...attrs, class: 'choices' }, optionsOf(e).map((o) => el('label', {},
        el('input', { type: multi ? 'checkbox' : 'radio', name, value: o.value, checked: initial.includes(o.value), onchange: () => {
          const chosen = optionsOf(e).filter((x) => box.querySelector(`input[value="${CSS.escape(x.value)}"]`).checked).map(option);
          act(multi ? { selected_options: chosen } : { selected_option: chosen[0] });
        } }), ' ', el('span', { html: textObject(o.text) }),
        o.description ? el('div', { class: 'desc', html: textObject(o.description) }) : null)));
      box._options = optionsOf(e);
      return box;
    }
    case 'static_select': case 'multi_static_select': case 'external_select': case 'multi_external_select':
    case 'users_select': case 'multi_users_select': case 'conversations_select': case 'multi_conversations_select': case 'channels_select':
      return picker(e, blockId, surface, act);
    case 'image': return el('img', { src: e.image_url, alt: e.alt_text, style: 'width:64px;height:64px;border-radius:6px' });
    default: return el('span', { class: 'muted small' }, `[${e.type}]`);
  }
}

// One widget for every select: chips for what is chosen, a box to type in, a menu.
function picker(e, blockId, surface, act) {
  const multi = e.type.startsWith('multi_');
  const kind = e.type.replace('multi_', '').replace('_select', '');
  let chosen = [];
  if (kind === 'users') chosen = multi ? (e.initial_users || []).map((u) => ({ text: { text: nameOf(u) }, value: u })) : (e.initial_user ? [{ text: { text: nameOf(e.initial_user) }, value: e.initial_user }] : []);
  else if (kind === 'conversations' || kind === 'channels') chosen = (e.initial_conversations || (e.initial_conversation ? [e.initial_conversation] : [])).map((c) => ({ text: { text: c }, value: c }));
  else chosen = multi ? (e.initial_options || []) : (e.initial_option ? [e.initial_option] : []);
  const box = el('div', { class: 'picker', 'data-action-id': e.action_id, 'data-type': e.type });
  const input = el('input', { type: 'text', placeholder: plain(e.placeholder) || 'Choose…' });
  const menu = el('div', { class: 'menu', hidden: true });
  box._chosen = () => chosen;
  box._kind = kind;
  box._multi = multi;
  const changed = () => {
    draw();
    if (kind === 'users') act(multi ? { selected_users: chosen.map((c) => c.value) } : { selected_user: (chosen[0] || {}).value });
    else act(multi ? { selected_options: chosen.map(option) } : { selected_option: chosen[0] && option(chosen[0]) });
  };
  function draw() {
    box.querySelectorAll('.chip').forEach((c) => c.remove());
    for (const c of chosen) {
      box.insertBefore(el('span', { class: 'chip', 'data-value': c.value }, plain(c.text),
        el('button', { type: 'button', title: 'Remove', onclick: () => { chosen = chosen.filter((x) => x.value !== c.value); changed(); } }, '×')), input);
    }
    input.placeholder = multi || !chosen.length ? (plain(e.placeholder) || 'Choose…') : '';
  }
  async function options(query) {
    const q = query.toLowerCase();
    if (kind === 'static') return optionsOf(e).filter((o) => plain(o.text).toLowerCase().includes(q));
    if (kind === 'users') return Object.values(S.people).filter((p) => p.name.toLowerCase().includes(q)).map((p) => ({ text: { type: 'plain_text', text: p.name }, value: p.id }));
    if (kind === 'conversations' || kind === 'channels') return (S.state.conversations || []).filter((c) => c.name).map((c) => ({ text: { text: '#' + c.name }, value: c.id }));
    if (query.length < (e.min_query_length ?? 3)) return [];
    const view = surface.kind === 'view' ? surface.id : null;
    if (!view) return [];
    const res = await call('/client/suggest', { user: S.me, view_id: view, block_id: blockId, action_id: e.action_id, value: query });
    return res.options || [];
  }
  let asked = 0;
  async function open() {
    const mine = ++asked;
    const list = await options(input.value);
    if (mine !== asked) return;
    menu.replaceChildren(...(list.length ? list.map((o) => el('div', { 'data-value': o.value, onmousedown: (ev) => {
      ev.preventDefault();
      if (multi) { if (!chosen.some((c) => c.value === o.value)) chosen.push(o); } else chosen = [o];
      input.value = '';
      menu.hidden = true;
      changed();
    } }, plain(o.text))) : [el('div', { class: 'none' }, input.value ? 'No matches' : 'Type to search')]));
    menu.hidden = false;
  }
  input.addEventListener('focus', open);
  input.addEventListener('input', open);
  input.addEventListener('blur', () => setTimeout(() => { menu.hidden = true; }, 150));
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') { ev.preventDefault(); const first = menu.querySelector('[data-value]'); if (first) first.dispatchEvent(new MouseEvent('mousedown')); }
  });
  box.append(input, menu);
  draw();
  return box;
}

// `state.values` of a surface's inputs, shaped per element type as Slack sends them.
function collectValues(root) {
  const values = {};
  root.querySelectorAll('[data-block-type="input"]').forEach((block) => {
    const e = block.querySelector('[data-action-id]');
    if (!e) return;
    const type = e.dataset.type, id = e.dataset.actionId;
    let v = { type };
    switch (type) {
      case 'plain_text_input': v.value = e.value === '' ? null : e.value; break;
      case 'number_input': v.value = e.value === '' ? null : e.value; break;
      case 'datepicker': v.selected_date = e.value || null; break;
      case 'timepicker': v.selected_time = e.value || null; break;
      case 'checkboxes': v.selected_options = e._options.filter((o) => e.querySelector(`input[value="${CSS.escape(o.value)}"]`).checked).map(option); break;
      case 'radio_buttons': { const c = e._options.find((o) => e.querySelector(`input[value="${CSS.escape(o.value)}"]`).checked); v.selected_option = c ? option(c) : null; break; }
      default: {
        const chosen = e._chosen ? e._chosen() : [];
        if (e._kind === 'users') { if (e._multi) v.selected_users = chosen.map((c) => c.value); else v.selected_user = (chosen[0] || {}).value || null; }
        else if (e._kind === 'conversations' || e._kind === 'channels') { if (e._multi) v.selected_conversations = chosen.map((c) => c.value); else v.selected_conversation = (chosen[0] || {}).value || null; }
        else if (e._multi) v.selected_options = chosen.map(option);
        else v.selected_option = chosen[0] ? option(chosen[0]) : null;
      }
    }
    (values[block.dataset.blockId] ||= {})[id] = v;
  });
  return values;
}

async function sendAction(surface, action, confirm) {
  if (confirm && !(await confirmDialog(confirm))) return;
  const body = { user: S.me, action };
  if (surface.kind === 'message') Object.assign(body, { channel: surface.channel, ts: surface.ts, values: {} });
  else Object.assign(body, { view_id: surface.id, values: collectValues(surface.root()) });
  await call('/client/action', body);
}

function confirmDialog(c) {
  return new Promise((resolve) => {
    const layer = el('div', { class: 'confirm-layer', style: 'position:fixed;inset:0;background:rgba(0,0,0,.45);display:flex;align-items:center;justify-content:center;z-index:25' });
    const done = (yes) => { layer.remove(); resolve(yes); };
    layer.append(el('div', { class: 'modal confirm', style: 'width:420px' },
      el('div', { class: 'head' }, el('h2', {}, plain(c.title) || 'Are you sure?')),
      el('div', { class: 'blocks', html: textObject(c.text) }),
      el('div', { class: 'foot' },
        el('button', { class: 'el-button', id: 'confirm-deny', onclick: () => done(false) }, plain(c.deny) || 'Cancel'),
        el('button', { class: 'el-button ' + (c.style === 'danger' ? 'danger solid' : 'primary'), id: 'confirm-ok', onclick: () => done(true) }, plain(c.confirm) || 'Yes'))));
    document.body.append(layer);
  });
}

// ---------- the screen ----------

function conversationName(c) {
  if (c.name) return '#' + c.name;
  if (c.id === 'D' + S.me) return 'micromentor';
  const others = c.members.filter((m) => m !== S.me).map(nameOf);
  return others.length ? others.join(', ') + ', micromentor' : 'micromentor';
}

function renderNav() {
  const convs = (S.state.conversations || []).filter((c) => c.messages.length || c.id === 'D' + S.me || c.name);
  const link = (id, label, last) => {
    const unread = last && S.view !== id && (S.seen[id] || '') < last;
    return el('a', { class: (S.view === id ? 'active ' : '') + (unread ? 'unread' : ''), 'data-conv': id, onclick: () => show(id) }, label);
  };
  const lastTs = (c) => (c.messages[c.messages.length - 1] || {}).ts;
  const channels = convs.filter((c) => c.name), dms = convs.filter((c) => !c.name);
  if (!dms.some((c) => c.id === 'D' + S.me)) dms.unshift({ id: 'D' + S.me, members: [S.me], messages: [] });
  dms.sort((a, b) => (a.id === 'D' + S.me ? -1 : b.id === 'D' + S.me ? 1 : a.id.localeCompare(b.id)));
  const signature = JSON.stringify([S.me, S.view, channels.map((c) => [c.id, lastTs(c)]), dms.map((c) => [c.id, lastTs(c)]), S.seen]);
  if (signature === S.rendered.nav) return;
  S.rendered.nav = signature;
  $('#nav').replaceChildren(...[
    el('h4', {}, 'Apps'), link('home', 'micromentor · Home'),
    el('h4', {}, 'Channels'), channels.map((c) => link(c.id, conversationName(c), lastTs(c))),
    el('h4', {}, 'Direct messages'), dms.map((c) => link(c.id, conversationName(c), lastTs(c))),
  ].flat());
}

const COLORS = ['#e8912d', '#2bac76', '#1264a3', '#e01e5a', '#4a154b', '#36c5f0', '#9e7a4b', '#5b5fc7', '#c2185b', '#00897b'];
function avatar(id) {
  const name = nameOf(id);
  const color = id === BOT ? '#611f69' : COLORS[[...id].reduce((a, ch) => a + ch.charCodeAt(0), 0) % COLORS.length];
  return el('div', { class: 'avatar', style: `background:${color}` }, id === BOT ? 'μ' : name.split(' ').map((w) => w[0]).join('').slice(0, 2));
}

function renderMessage(c, m) {
  const when = new Date(Number(m.ts.split('.')[0]) * 1000);
  const surface = { kind: 'message', channel: c.id, ts: m.ts };
  const body = el('div', { class: 'body' + (m.only_for ? ' ephemeral' : '') },
    el('div', { class: 'meta' }, el('b', {}, nameOf(m.user)), m.user === BOT ? el('span', { class: 'badge' }, 'APP') : null,
      el('span', { class: 'muted', title: when.toISOString() }, `${fmt(when, { weekday: 'short' })} ${fmt(when, { hour: 'numeric', minute: '2-digit' })}`),
      m.edited ? el('span', { class: 'muted small' }, ' (edited)') : null,
      m.only_for ? el('span', { class: 'muted small' }, ' · Only visible to you') : null),
    Array.isArray(m.blocks) && m.blocks.length ? renderBlocks(m.blocks, surface) : el('div', { html: mrkdwn(m.text) }));
  return el('div', { class: 'message', 'data-ts': m.ts }, avatar(m.user), body);
}

function renderMain() {
  const st = S.state;
  let signature, build;
  if (S.view === 'home') {
    $('#title').textContent = 'micromentor — Home';
    $('#composer').hidden = true;
    signature = JSON.stringify(['home', S.me, st.home]);
    build = () => st.home
      ? el('div', { id: 'home', 'data-view-id': 'VHOME' + S.me }, renderBlocks(st.home.blocks, { kind: 'view', id: 'VHOME' + S.me, root: () => $('#home') }))
      : el('div', { class: 'home-empty' }, 'Opening Home…');
  } else {
    const c = (st.conversations || []).find((x) => x.id === S.view) || { id: S.view, members: [S.me], messages: [] };
    $('#title').textContent = conversationName(c);
    $('#composer').hidden = false;
    signature = JSON.stringify(['conv', S.me, c, zone()]);
    const last = c.messages[c.messages.length - 1];
    if (last) S.seen[c.id] = last.ts;
    build = () => el('div', { id: 'conversation', 'data-conv': c.id },
      c.messages.length ? c.messages.map((m) => renderMessage(c, m)) : el('div', { class: 'home-empty' }, c.id.startsWith('D') ? 'Type a command below: /ask help with SQL, /mentor …' : 'Nothing here yet.'));
  }
  if (signature === S.rendered.main) return;
  S.rendered.main = signature;
  const content = $('#content');
  const atBottom = content.scrollHeight - content.scrollTop - content.clientHeight < 40;
  content.replaceChildren(build());
  if (S.view !== 'home' && atBottom) content.scrollTop = content.scrollHeight;
}

function renderModal() {
  const m = S.state.modal;
  const signature = JSON.stringify([S.me, m && m.id, m && m.hash, m && m.errors]);
  if (signature === S.rendered.modal) return;
  const sameView = m && S.rendered.modalId === m.id + m.hash;
  S.rendered.modal = signature;
  const overlay = $('#overlay');
  if (!m) { overlay.hidden = true; overlay.replaceChildren(); S.rendered.modalId = null; return; }
  if (sameView) {
    // Only the errors changed: keep what was typed, show the errors.
    overlay.querySelectorAll('[data-block-type="input"]').forEach((b) => {
      const err = (m.errors || {})[b.dataset.blockId];
      b.classList.toggle('has-error', !!err);
      b.querySelector('.error')?.remove();
      if (err) b.append(el('div', { class: 'error' }, err));
    });
    return;
  }
  S.rendered.modalId = m.id + m.hash;
  const v = m.view;
  const surface = { kind: 'view', id: m.id, root: () => $('.modal', overlay) };
  const modal = el('form', { class: 'modal', 'data-view-id': m.id, 'data-callback-id': v.callback_id, onsubmit: (ev) => { ev.preventDefault(); submit(m.id); } },
    el('div', { class: 'head' }, el('h2', {}, plain(v.title)), S.state.depth > 1 ? el('span', { class: 'depth' }, `${S.state.depth} views deep`) : null,
      el('button', { type: 'button', title: 'Close', onclick: () => closeModal(m.id) }, '×')),
    renderBlocks(v.blocks, surface, m.errors || {}),
    el('div', { class: 'foot' },
      el('button', { type: 'button', class: 'el-button', id: 'modal-close', onclick: () => closeModal(m.id) }, plain(v.close) || 'Cancel'),
      v.submit ? el('button', { type: 'submit', class: 'el-button primary', id: 'modal-submit' }, plain(v.submit)) : null));
  overlay.replaceChildren(modal);
  overlay.hidden = false;
}

async function submit(viewId) {
  const form = $('#overlay .modal');
  const button = $('#modal-submit');
  if (button) button.disabled = true;
  await call('/client/submit', { user: S.me, view_id: viewId, values: collectValues(form) });
  if (button) button.disabled = false;
  await refresh();
}

async function closeModal(viewId) {
  await call('/client/close', { user: S.me, view_id: viewId, values: {} });
  await refresh();
}

function renderClock() {
  if (!S.state || !S.state.now) return;
  const d = now();
  $('#clock').textContent = `${fmt(d, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hour12: false })} · ${zone()}`;
}

function render() {
  renderNav();
  renderMain();
  renderModal();
  renderClock();
}

async function refresh() {
  const st = await call(`/client/state?user=${encodeURIComponent(S.me)}`);
  if (!st || !st.people) return;
  S.state = st;
  S.people = Object.fromEntries(st.people.map((p) => [p.id, p]));
  if (st.now) S.offset = Date.parse(st.now) - Date.now();
  render();
  document.body.dataset.ready = '1';
}

async function refreshCalls() {
  if ($('#calls').hidden) return;
  const res = await call(`/client/calls?after=${S.callsNext}`);
  const list = $('#calls-list');
  for (const c of res.calls || []) {
    const details = el('div', { hidden: true }, el('div', { class: 'small muted' }, 'arguments'), el('pre', {}, JSON.stringify(c.args, null, 2)),
      el('div', { class: 'small muted' }, 'answer'), el('pre', {}, JSON.stringify(c.answer, null, 2)));
    list.prepend(el('li', { class: c.error ? 'refused' : '', value: c.i + 1 },
      el('span', { class: 'method', onclick: () => { details.hidden = !details.hidden; } }, c.method, c.error ? ` — refused: ${c.error}` : ''), details));
  }
  S.callsNext = res.next ?? S.callsNext;
  while (list.children.length > 400) list.lastChild.remove();
}

async function show(view) {
  S.view = view;
  S.rendered.main = '';
  if (view === 'home') await call('/client/home', { user: S.me });
  render();
}

async function becomeSomeone(id) {
  S.me = id;
  localStorage.setItem('playground.me', id);
  S.seen = {};
  S.rendered = { main: '', modal: '' };
  const p = S.people[id];
  $('#me-line').textContent = p ? `${p.title} · ${p.tz}` : '';
  await refresh();
  await show('home');
}

let pending = null;
function changed() {
  // Coalesce bursts of changes into one refresh.
  if (pending) return;
  pending = setTimeout(async () => { pending = null; await refresh(); await refreshCalls(); }, 60);
}

async function start() {
  const st = await call(`/client/state?user=${encodeURIComponent(S.me)}`);
  const who = $('#who');
  for (const p of st.people) who.append(el('option', { value: p.id }, `${p.name} — ${p.title}`));
  S.people = Object.fromEntries(st.people.map((p) => [p.id, p]));
  if (!S.people[S.me]) S.me = st.people[0].id;
  who.value = S.me;
  who.addEventListener('change', () => becomeSomeone(who.value));
  $('#composer').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const input = $('#composer-input');
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    await call('/client/command', { user: S.me, channel: S.view, text });
    await refresh();
  });
  document.querySelectorAll('[data-travel]').forEach((b) => b.addEventListener('click', async () => {
    document.querySelectorAll('[data-travel]').forEach((x) => { x.disabled = true; });
    const res = await call('/demo/travel', { by: b.dataset.travel, user: S.me });
    document.querySelectorAll('[data-travel]').forEach((x) => { x.disabled = false; });
    if (res.ok) toast.timer = null;
    await refresh();
    document.body.dataset.travelled = String(Number(document.body.dataset.travelled || 0) + 1);
  }));
  $('#toggle-calls').addEventListener('click', () => {
    $('#calls').hidden = !$('#calls').hidden;
    document.body.classList.toggle('calls-open', !$('#calls').hidden);
    refreshCalls();
  });
  new EventSource('/client/changes').addEventListener('change', changed);
  setInterval(renderClock, 15000);
  await becomeSomeone(S.me);
}

window.addEventListener('error', (ev) => toast(`page error: ${ev.message}`));
window.addEventListener('unhandledrejection', (ev) => toast(`page error: ${ev.reason}`));
start();
