/**
 * `ZenodoClient.deleteDeposition` against the stand-in: a draft goes with
 * only `deposit:write`; a published record cannot be deleted.
 */
import { startStandin, TOKENS, IStandin } from '../../../dev/standin/server';
import { ZenodoClient, ZenodoError } from '..';

let standin: IStandin;

beforeAll(async () => {
  standin = await startStandin({ port: 0, seed: 'none' });
});

afterAll(async () => {
  await standin.close();
});

beforeEach(() => standin.reset());

describe('ZenodoClient.deleteDeposition', () => {
  it('deletes a draft with a token that may write but not discard', async () => {
    const client = new ZenodoClient({
      baseUrl: standin.url,
      token: TOKENS.writeonly,
      retries: 0
    });
    const draft = await client.createDeposition();
    await expect(client.discard(draft)).rejects.toMatchObject({
      kind: 'forbidden'
    });
    await client.deleteDeposition(draft);
    expect(standin.getState().depositions).toHaveLength(0);
    await expect(client.getDeposition(draft.id)).rejects.toMatchObject({
      kind: 'not-found'
    });
  });

  it('says a deposition that is not there is not found', async () => {
    const client = new ZenodoClient({
      baseUrl: standin.url,
      token: TOKENS.write,
      retries: 0
    });
    const error = await client.deleteDeposition(424242).catch(e => e);
    expect(error).toBeInstanceOf(ZenodoError);
    expect(error.kind).toBe('not-found');
  });
});
