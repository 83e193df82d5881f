// Who is shopping: a token from the development issuer (Development profile only), kept for this tab.
import { api } from './api.js';

const storageKey = 'flashsale.session';

export function currentSession() {
  try {
    const session = JSON.parse(sessionStorage.getItem(storageKey));
    return session && Date.parse(session.expiresAt) > Date.now() + 60_000 ? session : null;
  } catch {
    return null;
  }
}

export async function signIn(userId) {
  const { accessToken, expiresAt } = await api('/api/auth/token', { method: 'POST', body: { userId, role: 'shopper' } });
  const session = { userId, token: accessToken, expiresAt };
  sessionStorage.setItem(storageKey, JSON.stringify(session));
  return session;
}

export function signOut() {
  sessionStorage.removeItem(storageKey);
}

export async function walletBalance(session) {
  const wallet = await api('/api/wallet', { token: session.token });
  return Number(wallet.balance);
}
