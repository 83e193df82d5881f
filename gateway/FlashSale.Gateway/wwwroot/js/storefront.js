// The storefront: the sales list, one sale's page (sale-page.js), the dev sign-in box and the wallet balance.
// Routes live in the fragment (#/sales/{id}), so the page itself stays one static, cacheable file.
import { api } from './api.js';
import { syncClock } from './clock.js';
import { SalePage, money, units } from './sale-page.js';
import { currentSession, signIn, signOut, walletBalance } from './session.js';

const $ = id => document.getElementById(id);
let session = currentSession();
let settings = { devSignIn: false };
const salePage = new SalePage({ session, onWalletChanged: () => refreshWallet() });

async function start() {
  [settings] = await Promise.all([api('/storefront/settings').catch(() => settings), syncClockShown()]);
  $('sign-in').addEventListener('submit', onSignIn);
  $('sign-out').addEventListener('click', () => { signOut(); setSession(null); });
  window.addEventListener('hashchange', route);
  setSession(session);
  route();
  setInterval(syncClockShown, 60_000);
}

async function syncClockShown() {
  try {
    const { offset, roundTrip } = await syncClock();
    $('clock-offset').textContent = `${Math.abs(offset / 1000).toFixed(2)} s ${offset > 0 ? 'behind' : 'ahead of'} it (round trip ${roundTrip} ms)`;
  } catch {
    $('clock-offset').textContent = 'unknown (the server clock could not be read)';
  }
}

async function onSignIn(event) {
  event.preventDefault();
  const userId = new FormData(event.target).get('userId').trim();
  try {
    setSession(await signIn(userId));
  } catch (error) {
    alert(error.message);
  }
}

function setSession(value) {
  session = value;
  $('sign-in').hidden = !!session || !settings.devSignIn;
  $('no-sign-in').hidden = !!session || settings.devSignIn;
  $('signed-in').hidden = !session;
  $('user-id').textContent = session?.userId ?? '';
  salePage.setSession(session);
  refreshWallet();
}

async function refreshWallet() {
  if (!session) return;
  try {
    $('wallet-balance').textContent = money(await walletBalance(session));
  } catch {
    $('wallet-balance').textContent = '?';
  }
}

function route() {
  const match = location.hash.match(/^#\/sales\/(\d+)$/);
  $('sales-page').hidden = !!match;
  $('sale-page').hidden = !match;
  if (match) {
    salePage.show(match[1]);
  } else {
    salePage.leave();
    listSales();
  }
}

async function listSales() {
  const list = $('sales');
  try {
    const sales = await api('/api/sales', { cache: 'default' });
    list.replaceChildren(...sales.map(saleItem));
    $('sales-note').textContent = sales.length ? '' : 'No sale is running or coming up.';
  } catch (error) {
    $('sales-note').textContent = error.message;
  }
}

function saleItem(sale) {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.href = `#/sales/${sale.id}`;
  link.dataset.test = 'sale';
  link.dataset.saleId = sale.id;
  const status = document.createElement('span');
  status.className = `status ${sale.status}`;
  status.textContent = sale.status === 'upcoming' ? `opens ${new Date(Date.parse(sale.startsAt)).toLocaleString()}` : sale.status;
  const name = document.createElement('strong');
  name.textContent = sale.name;
  const facts = document.createElement('div');
  facts.className = 'note';
  facts.textContent = `${money(sale.price)} · ${units(sale.initialStock)}`;
  link.append(status, name, facts);
  item.append(link);
  return item;
}

start();
