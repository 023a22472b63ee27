import { describe, expect, it } from 'vitest';
import { demoDesk } from '../testing/desk';
import { client } from './client';
import { browserTransport, deskAddress } from './index';

const page = (url: string) => {
  const u = new URL(url);
  return { origin: u.origin, pathname: u.pathname, hash: u.hash, search: u.search };
};

describe('the browser’s desk', () => {
  it('is the page’s own origin, with the token from the address', () => {
    expect(deskAddress(page('http://localhost:5173/#token=abc123'))).toEqual({ base: 'http://localhost:5173', token: 'abc123' });
    expect(deskAddress(page('http://localhost:5173/?token=abc123'))).toEqual({ base: 'http://localhost:5173', token: 'abc123' });
    expect(deskAddress(page('http://localhost:5173/?token=fromquery#token=fromhash')).token).toBe('fromhash');
    expect(deskAddress(page('http://localhost:5173/')).token).toBeNull();
  });

  it('reaches galley serve with the token the page was opened with', async () => {
    const desk = await demoDesk();
    const c = client(browserTransport(page(`${desk.url}/#token=${desk.token}`)));
    expect((await c.appInfo()).pieces).toBe(10);
  });

  it('says how to open the page when the address has no token', async () => {
    const c = client(browserTransport(page('http://localhost:5173/')));
    await expect(c.appInfo()).rejects.toMatchObject({
      code: 'refused',
      message: "this page needs the desk's token: run `galley serve` and open http://localhost:5173/#token=TOKEN with the token it printed",
    });
  });
});
