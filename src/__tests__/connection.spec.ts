import { ZenodoConnection } from '../connection';

describe('ZenodoConnection', () => {
  it('normalises the base URL', () => {
    expect(ZenodoConnection.normaliseBaseUrl(' https://zenodo.org/api/ ')).toBe(
      'https://zenodo.org'
    );
    expect(ZenodoConnection.normaliseBaseUrl('http://127.0.0.1:5555/')).toBe(
      'http://127.0.0.1:5555'
    );
  });

  it('emits changed only when something changes', () => {
    const connection = new ZenodoConnection();
    let emitted = 0;
    connection.changed.connect(() => emitted++);
    connection.update({ baseUrl: 'https://zenodo.org', community: '' });
    expect(emitted).toBe(0);
    connection.update({ baseUrl: 'https://sandbox.zenodo.org/' });
    expect(connection.baseUrl).toBe('https://sandbox.zenodo.org');
    expect(emitted).toBe(1);
    connection.token = '  ';
    expect(connection.token).toBeUndefined();
    expect(emitted).toBe(1);
    connection.token = 'abc';
    expect(emitted).toBe(2);
  });

  it('derives the token page from the base URL unless configured', () => {
    const connection = new ZenodoConnection();
    connection.update({ baseUrl: 'https://sandbox.zenodo.org' });
    expect(connection.tokenUrl).toBe(
      'https://sandbox.zenodo.org/account/settings/applications/tokens/new/'
    );
    connection.update({ tokenUrl: 'https://example.org/tokens' });
    expect(connection.tokenUrl).toBe('https://example.org/tokens');
  });
});
