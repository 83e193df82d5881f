// The sale monitor: once a second it reads the admin endpoints (stock per sale, purchase answers summed over the
// gateway replicas, each service's outbox and queues) and draws the last two minutes. Nothing here touches a
// database: every figure comes through the gateway's API, with an admin token.
import uPlot from '/lib/uplot/uPlot.esm.js';
import { api } from '/js/api.js';

const $ = id => document.getElementById(id);
const services = ['inventory', 'order', 'payment', 'wallet'];
const windowSeconds = 120;
const storageKey = 'flashsale.monitor.session';
let token = sessionStorage.getItem(storageKey);
let saleId = null;
let previous = null;
let series = emptySeries();
const charts = {};

function emptySeries() {
  return { t: [], accepted: [], soldOut: [], refused: [], rateLimited: [], failed: [], anyRoute: [], cache: [], database: [], reserved: [], sold: [],
    paid: [], cancelled: [], queued: [], unsent: [] };
}

function chart(id, labels, data) {
  const colors = ['#d6336c', '#1c7ed6', '#f08c00', '#7048e8', '#c92a2a', '#495057'];
  const options = {
    width: Math.min(560, document.body.clientWidth - 40), height: 220,
    scales: { x: { time: true } },
    series: [{}, ...labels.map((label, i) => ({ label, stroke: colors[i], width: 2 }))],
    axes: [{}, { size: 60 }],
  };
  return new uPlot(options, data, $(id));
}

function draw() {
  const s = series;
  const sets = {
    'chart-answers': [['accepted', 'sold-out', 'refused', 'rate-limited', 'failed', '429, any route'], [s.t, s.accepted, s.soldOut, s.refused, s.rateLimited, s.failed, s.anyRoute]],
    'chart-stock': [['in Redis', 'in PostgreSQL', 'reserved', 'sold'], [s.t, s.cache, s.database, s.reserved, s.sold]],
    'chart-settled': [['paid', 'cancelled'], [s.t, s.paid, s.cancelled]],
    'chart-backlog': [['in queues', 'in outboxes'], [s.t, s.queued, s.unsent]],
  };
  for (const [id, [labels, data]] of Object.entries(sets)) {
    if (!charts[id]) charts[id] = chart(id, labels, data);
    else charts[id].setData(data);
  }
}

async function sample() {
  if (!token || !saleId) return;
  const id = saleId;
  try {
    const [stock, answers, ...messaging] = await Promise.all([
      api(`/api/admin/sales/${id}/stock`, { token }),
      api(`/api/admin/monitor/purchases/${id}`, { token }),
      ...services.map(service => api(`/api/admin/monitor/${service}/messaging`, { token }).catch(() => null)),
    ]);
    if (id !== saleId) return;
    const now = Date.now() / 1000;
    show(stock, answers, messaging);
    record(now, stock, answers, messaging);
    $('monitor-state').textContent = `updated ${new Date().toLocaleTimeString()}`;
    $('monitor-state').dataset.samples = String(series.t.length);
  } catch (error) {
    $('monitor-state').textContent = error.message;
    if (error.status === 401 || error.status === 403) setToken(null);
  }
}

function show(stock, answers, messaging) {
  const set = (name, value) => { document.querySelector(`[data-test="figure-${name}"]`).textContent = value ?? '–'; };
  set('available-in-cache', stock.availableInCache);
  set('available-in-database', stock.availableInDatabase);
  set('reserved', stock.reserved);
  set('sold', stock.sold);
  set('released', stock.released);
  set('accepted', answers.accepted);
  set('sold-out', answers.soldOut);
  set('refused', answers.refused);
  set('rate-limited', answers.rateLimited);
  set('failed', answers.failed);
  set('rate-limited-any-route', answers.rateLimitedAnyRoute);
  $('messaging').tBodies[0].replaceChildren(...services.map((service, i) => {
    const m = messaging[i];
    const row = document.createElement('tr');
    const cells = m ? [service, m.queues.map(q => `${q.queue}: ${q.messages ?? '?'}`).join(', '), m.outbox.unsent,
      `${m.outbox.oldestUnsentSeconds.toFixed(1)} s`, m.outbox.sentRecently, m.outbox.lagP99Milliseconds == null ? '–' : `${Math.round(m.outbox.lagP99Milliseconds)} ms`]
      : [service, 'unreachable', '', '', '', ''];
    row.replaceChildren(...cells.map((text, c) => { const cell = document.createElement(c ? 'td' : 'th'); cell.textContent = text; return cell; }));
    return row;
  }));
}

function record(now, stock, answers, messaging) {
  const current = { now, ...answers, sold: stock.sold, released: stock.released };
  if (previous) {
    const seconds = Math.max(0.2, now - previous.now);
    const rate = key => Math.max(0, (current[key] - previous[key]) / seconds);
    const s = series;
    s.t.push(now);
    s.accepted.push(rate('accepted'));
    s.soldOut.push(rate('soldOut'));
    s.refused.push(rate('refused'));
    s.rateLimited.push(rate('rateLimited'));
    s.failed.push(rate('failed'));
    s.anyRoute.push(rate('rateLimitedAnyRoute'));
    s.cache.push(stock.availableInCache);
    s.database.push(stock.availableInDatabase);
    s.reserved.push(stock.reserved);
    s.sold.push(stock.sold);
    s.paid.push(rate('sold'));
    s.cancelled.push(rate('released'));
    s.queued.push(messaging.reduce((sum, m) => sum + (m?.queues.reduce((q, x) => q + (x.messages ?? 0), 0) ?? 0), 0));
    s.unsent.push(messaging.reduce((sum, m) => sum + (m?.outbox.unsent ?? 0), 0));
    while (s.t.length && s.t[0] < now - windowSeconds) Object.values(s).forEach(values => values.shift());
    draw();
  }
  previous = current;
}

async function loadSales() {
  try {
    const sales = await api('/api/sales');
    const select = $('sale');
    select.replaceChildren(...sales.map(sale => {
      const option = document.createElement('option');
      option.value = sale.id;
      option.textContent = `${sale.name} (${sale.status})`;
      return option;
    }));
    const chosen = new URLSearchParams(location.search).get('sale') ?? sales.find(s => s.status === 'active')?.id ?? sales[0]?.id;
    if (chosen) choose(chosen);
  } catch (error) {
    $('monitor-state').textContent = error.message;
  }
}

function choose(id) {
  saleId = String(id).trim();
  $('sale').value = saleId;
  $('sale-id').value = saleId;
  previous = null;
  series = emptySeries();
  draw();
}

function setToken(value) {
  token = value;
  if (value) sessionStorage.setItem(storageKey, value); else sessionStorage.removeItem(storageKey);
  $('admin-sign-in').hidden = !!token;
  $('admin-signed-in').hidden = !token;
  $('admin-id').textContent = token ? 'signed in as admin' : '';
}

$('admin-sign-in').addEventListener('submit', async event => {
  event.preventDefault();
  const form = new FormData(event.target);
  const pasted = form.get('token').trim();
  try {
    setToken(pasted || (await api('/api/auth/token', { method: 'POST',
      body: { userId: form.get('userId').trim(), role: 'admin', adminKey: form.get('adminKey') } })).accessToken);
  } catch (error) {
    $('monitor-state').textContent = error.message;
  }
});
$('admin-sign-out').addEventListener('click', () => setToken(null));
$('sale').addEventListener('change', event => choose(event.target.value));
$('sale-id').addEventListener('change', event => choose(event.target.value));

setToken(token);
loadSales();
setInterval(sample, 1000);
