// What setup() does before any shopper arrives. Every step fails loudly: a load test against a
// half-prepared system measures nothing worth reading.
import { sleep } from 'k6';
import { target, durationMs } from './config.js';
import { requests, send, json, describeResponse, parseTime } from './api.js';
import { sendInChunks } from './batch.js';

/** Polls the gateway's /health/ready, which is healthy only when every service behind it is. */
export function waitUntilReady() {
  const deadline = Date.now() + durationMs(target.readyTimeout);
  let last = null;
  while (Date.now() < deadline) {
    last = send(requests.ready());
    if (last.status === 200) {
      return;
    }

    sleep(1);
  }

  throw new Error(`${target.baseUrl} is not ready after ${target.readyTimeout}: ${last ? describeResponse(last) : 'no answer'}`);
}

/** A short id for this run: shopper ids and the SKU carry it, so runs never share users or sales. */
export function newRunId() {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

export function adminToken() {
  const response = sendInChunks([requests.token(target.adminUserId, 'admin', target.adminKey)], 1)[0];
  const body = json(response);
  if (response.status !== 200 || !body || !body.accessToken) {
    throw new Error(`no admin token (is the development token issuer on, and ADMIN_KEY right?): ${describeResponse(response)}`);
  }

  return body.accessToken;
}

/** How far the server's clock is ahead of this machine's, in ms (half the round trip is the error bar). */
export function serverClockOffset() {
  const sent = Date.now();
  const response = send(requests.serverTime());
  const received = Date.now();
  const body = json(response);
  if (response.status !== 200 || !body || !body.now) {
    throw new Error(`no server time: ${describeResponse(response)}`);
  }

  return parseTime(body.now) - (sent + received) / 2;
}

/** Shoppers `k6-<runId>-<n>`, each with an access token from the development issuer. */
export function shoppers(runId, count) {
  const ids = [];
  for (let n = 0; n < count; n++) {
    ids.push(`k6-${runId}-${n}`);
  }

  const responses = sendInChunks(ids.map((id) => requests.token(id, 'shopper')));
  return ids.map((id, n) => {
    const body = json(responses[n]);
    if (responses[n].status !== 200 || !body || !body.accessToken) {
      throw new Error(`no token for shopper ${id}: ${describeResponse(responses[n])}`);
    }

    return { id, token: body.accessToken };
  });
}

/** Credits each shopper enough for the most units they may buy, so no run depends on an opening balance. */
export function fundWallets(admin, shopperList, amount) {
  const responses = sendInChunks(shopperList.map((s) => requests.creditWallet(admin, s.id, amount)));
  responses.forEach((response, n) => {
    if (response.status !== 200) {
      throw new Error(`could not credit ${shopperList[n].id}'s wallet: ${describeResponse(response)}`);
    }
  });
}

export function roundMoney(amount) {
  return Math.round(amount * 100) / 100;
}

/**
 * Publishes a sale starting `startsInMs` from the server's now (0: at once), with the human check of
 * `settings.humanCheck` ('none' when absent). Returns the sale as the API answered it (shoppers read its
 * `humanCheck`) and when it starts by this machine's clock.
 */
export function createSale(admin, runId, settings, startsInMs, clockOffsetMs) {
  const startsAt = Date.now() + clockOffsetMs + startsInMs;
  const proofOfWork = settings.humanCheck === 'proof-of-work';
  const response = send(requests.createSale(admin, {
    sku: `K6-${runId}`,
    name: `k6 flash sale ${runId}`,
    price: roundMoney(settings.price),
    stock: settings.stock,
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + durationMs(settings.duration)).toISOString(),
    perUserLimit: settings.perUserLimit,
    humanCheck: settings.humanCheck || 'none',
    // The API refuses a difficulty for a sale without the check; JSON.stringify leaves undefined out.
    humanCheckMaxNumber: proofOfWork ? settings.humanCheckMaxNumber : undefined,
  }));
  const body = json(response);
  if (response.status !== 201 || !body || !body.id) {
    throw new Error(`could not create the sale: ${describeResponse(response)}`);
  }

  // A system from before the human check ignores the field: the run would then measure a sale without it.
  if (proofOfWork && body.humanCheck !== 'proof-of-work') {
    throw new Error(`sale ${body.id} was created without the proof of work asked for (HUMAN_CHECK=none runs without it): ${describeResponse(response)}`);
  }

  return { sale: body, startsAtLocalMs: startsAt - clockOffsetMs };
}
