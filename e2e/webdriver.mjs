// A small W3C WebDriver client over fetch: just what Galley's end-to-end story needs.
//
// Kept by hand rather than replaced by selenium-webdriver or WebdriverIO (decided for issue 8):
// the story uses a dozen endpoints of a stable W3C protocol, every one of them exercised on
// every run, so there is little to go wrong; it needs no npm package (WebdriverIO brings a few
// hundred; selenium-webdriver is smaller but adds its own builder and driver lookup over the
// same calls), and its errors name the endpoint and WebKitWebDriver's own message. A maintained client becomes worth
// it when the tests need actions it would take long to write (pointer chains, shadow roots,
// BiDi events); then selenium-webdriver, which Tauri's WebDriver guide uses.

const BASE = process.env.WEBDRIVER_URL ?? 'http://127.0.0.1:4444';

async function wd(method, path, body, base = BASE) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    const v = json.value ?? {};
    throw new Error(`${method} ${path}: ${v.error ?? res.status} ${v.message ?? ''}`);
  }
  return json.value;
}

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecc';

export class Session {
  /** Starts the app through the driver at `base` (WEBDRIVER_URL unless given: two windows
   * on two desks need a driver each, started with its own desk in the environment). */
  static async start(application, env = {}, base = BASE) {
    const body = { capabilities: { alwaysMatch: { 'tauri:options': { application, env } } } };
    // tauri-driver answers before its WebKitWebDriver listens; a refused first try is retried.
    for (let attempt = 1; ; attempt++) {
      try {
        const value = await wd('POST', '/session', body, base);
        return new Session(value.sessionId, base);
      } catch (e) {
        if (attempt >= 5) throw e;
        await sleep(1000);
      }
    }
  }

  constructor(id, base = BASE) {
    this.id = id;
    this.base = base;
  }

  cmd(method, path, body) {
    return wd(method, `/session/${this.id}${path}`, body, this.base);
  }

  async find(css, { timeout = 10000 } = {}) {
    const until = Date.now() + timeout;
    for (;;) {
      try {
        const v = await this.cmd('POST', '/element', { using: 'css selector', value: css });
        const id = v[ELEMENT] ?? Object.values(v)[0];
        if (id === undefined) throw new Error(`no element reference in ${JSON.stringify(v)}`);
        return id;
      } catch (e) {
        if (Date.now() > until) throw new Error(`no element ${css} after ${timeout} ms`);
        await sleep(100);
      }
    }
  }

  async findAll(css) {
    const v = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return v.map((e) => e[ELEMENT] ?? Object.values(e)[0]);
  }

  byTestId(id, extra = '') {
    return this.find(`[data-testid="${id}"]${extra}`);
  }

  async click(css) {
    const el = await this.find(css);
    await this.cmd('POST', `/element/${el}/click`, {});
  }

  clickTestId(id, extra = '') {
    return this.click(`[data-testid="${id}"]${extra}`);
  }

  async type(css, text) {
    const el = await this.find(css);
    await this.cmd('POST', `/element/${el}/value`, { text });
  }

  async text(css) {
    const el = await this.find(css);
    return this.cmd('GET', `/element/${el}/text`);
  }

  exec(script, args = []) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  /** Runs an async script: it gets a `done` callback as its last argument. */
  execAsync(script, args = []) {
    return this.cmd('POST', '/execute/async', { script, args });
  }

  /** Sets an input's value the way typing would, so the UI's bindings see it. */
  async fill(testId, value) {
    await this.byTestId(testId);
    await this.exec(
      `const el = document.querySelector('[data-testid="' + arguments[0] + '"]');
       const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype
         : el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
       Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, arguments[1]);
       el.dispatchEvent(new Event('input', { bubbles: true }));
       el.dispatchEvent(new Event('change', { bubbles: true }));`,
      [testId, value],
    );
  }

  async waitFor(what, check, timeout = 10000) {
    const until = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        last = await check();
        if (last) return last;
      } catch (e) {
        last = e.message;
      }
      if (Date.now() > until) throw new Error(`timed out waiting for ${what} (last: ${last})`);
      await sleep(150);
    }
  }

  async screenshot(file) {
    const b64 = await this.cmd('GET', '/screenshot');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, Buffer.from(b64, 'base64'));
  }

  end() {
    return this.cmd('DELETE', '');
  }
}

/**
 * A story's session of the app at `app`: `steps(s)` run in it, a screenshot taken with `shot`
 * if they fail, and the session ended whatever happens.
 */
export async function inSession(app, shot, steps) {
  const s = await Session.start(app);
  try {
    await steps(s);
  } catch (e) {
    await shot(s, 'failure').catch(() => {});
    throw e;
  } finally {
    await s.end().catch(() => {});
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A screenshot taker: numbered pictures in `dir`, each name after `prefix` and its step. */
export function shooter(dir, prefix = '') {
  let step = 0;
  return async (s, name) => {
    step += 1;
    const file = `${dir}/${prefix}${String(step).padStart(2, '0')}-${name}.png`;
    // Let opening dialogs and fades finish (not the caret's endless blink), so the picture shows
    // the step as a person sees it, not half faded in.
    await s.waitFor('animations to finish', () =>
      s.exec(`return document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity)`),
    );
    await s.screenshot(file);
    console.log(`  screenshot ${file}`);
  };
}

/** A check of the story: throws with what was expected, or says it held. */
export function ok(cond, what) {
  if (!cond) throw new Error(`expected: ${what}`);
  console.log(`  ok: ${what}`);
}

/** Waits for the open piece to say it is saved. */
export const saved = (s) => s.waitFor('the save', async () => (await s.text('[data-testid="save-state"]')).trim() === 'Saved', 15000);

/** Signs in as `name` from the first start or through Switch. */
export async function signIn(s, name) {
  if (await s.exec(`return !!document.querySelector('[data-testid="switch-person"]')`)) {
    await s.clickTestId('switch-person');
  }
  await s.fill('person-select', name);
  await s.clickTestId('sign-in');
  await s.waitFor(`${name} signed in`, async () => (await s.text('[data-testid="whoami"]')).includes(name));
}

/** Opens, from the desk, the piece whose card shows `headline`. */
export async function openCard(s, headline) {
  await s.clickTestId('nav-desk');
  await s.waitFor(
    `the card "${headline}"`,
    () =>
      s.exec(
        `const c = [...document.querySelectorAll('[data-testid="card"]')].find(c => c.textContent.includes(arguments[0]));
         if (!c) return false; c.click(); return true;`,
        [headline],
      ),
    20000,
  );
  await s.byTestId('field-headline');
}

/** Waits for the live preview's page to hold `text` (HTML). */
export const previewHas = (s, text) =>
  s.waitFor(`the preview to show "${text}"`, () =>
    s.exec(
      `const f = document.querySelector('[data-testid="preview-frame"]');
       const d = f && f.contentDocument;
       return !!d && !!d.body && d.body.innerHTML.includes(arguments[0]);`,
      [text],
    ),
  );
