import { HubClient, HubError, readHubInfo } from '../hub';

describe('readHubInfo', () => {
  it('is null outside JupyterHub', () => {
    expect(readHubInfo(() => '')).toBeNull();
  });

  it('reads PageConfig options', () => {
    const options: { [k: string]: string } = {
      hubPrefix: '/hub',
      hubHost: 'https://hub.example.org',
      hubUser: 'ana',
      hubServerName: 'course',
      token: 'secret'
    };
    expect(readHubInfo(name => options[name] ?? '')).toEqual({
      hubPrefix: '/hub/',
      hubHost: 'https://hub.example.org',
      hubUser: 'ana',
      hubServerName: 'course',
      token: 'secret',
      apiUrl: 'https://hub.example.org/hub/api/'
    });
  });
});

describe('HubClient', () => {
  const info = readHubInfo(
    name =>
      (({ hubPrefix: '/hub/', hubUser: 'ana', token: 't0k' }) as any)[name] ??
      ''
  )!;

  function fakeFetch(status: number, body: unknown, date?: string) {
    const calls: { url: string; auth: string | undefined }[] = [];
    const fn = (async (url: string, init: RequestInit) => {
      calls.push({ url, auth: (init.headers as any).Authorization });
      return {
        ok: status < 300,
        status,
        headers: { get: (h: string) => (h === 'Date' ? (date ?? null) : null) },
        json: async () => body
      } as unknown as Response;
    }) as unknown as typeof fetch;
    return { fn, calls };
  }

  it('reads groups with the page token', async () => {
    const { fn, calls } = fakeFetch(200, { name: 'ana', groups: ['physics'] });
    const user = await new HubClient(info, fn).getUser();
    expect(user.groups).toEqual(['physics']);
    expect(calls).toEqual([{ url: '/hub/api/user', auth: 'token t0k' }]);
  });

  it('reads the server activity and the hub clock when allowed', async () => {
    const { fn } = fakeFetch(
      200,
      {
        name: 'ana',
        groups: [],
        servers: {
          '': {
            started: '2026-06-01T10:00:00Z',
            last_activity: '2026-06-01T11:00:00.123Z'
          }
        }
      },
      'Mon, 01 Jun 2026 11:05:00 GMT'
    );
    const server = await new HubClient(info, fn).getServerActivity();
    expect(server!.running).toBe(true);
    expect(server!.started!.toISOString()).toBe('2026-06-01T10:00:00.000Z');
    expect(server!.lastActivity!.toISOString()).toBe(
      '2026-06-01T11:00:00.123Z'
    );
    expect(server!.serverDate!.toISOString()).toBe('2026-06-01T11:05:00.000Z');
  });

  it('falls back (null) on 403 or without servers; other errors throw', async () => {
    expect(
      await new HubClient(info, fakeFetch(403, {}).fn).getServerActivity()
    ).toBeNull();
    expect(
      await new HubClient(
        info,
        fakeFetch(200, { name: 'ana', groups: [] }).fn
      ).getServerActivity()
    ).toBeNull();
    // Allowed to read servers, and this one is not there: stopped.
    const stopped = await new HubClient(
      info,
      fakeFetch(200, { name: 'ana', groups: [], servers: {} }).fn
    ).getServerActivity();
    expect(stopped).toMatchObject({ running: false, lastActivity: null });
    await expect(
      new HubClient(info, fakeFetch(500, {}).fn).getServerActivity()
    ).rejects.toBeInstanceOf(HubError);
  });
});
