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

  it('binds a session token to the Zenodo it was given for', () => {
    const connection = new ZenodoConnection();
    connection.update({ baseUrl: 'https://zenodo.org' });
    connection.token = 'zenodo-org-token';
    expect(connection.token).toBe('zenodo-org-token');
    // An admin (or a settings file) points the extension elsewhere.
    connection.update({ baseUrl: 'https://evil.example.org' });
    expect(connection.token).toBeUndefined();
    // The same Zenodo, written differently, is the same place.
    connection.update({ baseUrl: 'https://zenodo.org/api/' });
    expect(connection.token).toBe('zenodo-org-token');
  });

  it('uses a saved token only at the Zenodo it was saved for', () => {
    const connection = new ZenodoConnection();
    connection.update({
      baseUrl: 'https://sandbox.zenodo.org',
      token: 'saved',
      tokenBaseUrl: 'https://sandbox.zenodo.org/'
    });
    expect(connection.token).toBe('saved');
    expect(connection.tokenBaseUrl).toBe('https://sandbox.zenodo.org');
    connection.update({ baseUrl: 'https://other.example.org' });
    expect(connection.token).toBeUndefined();

    // Loaded at another URL than it was saved for: not used.
    const elsewhere = new ZenodoConnection();
    elsewhere.update({
      baseUrl: 'https://other.example.org',
      token: 'saved',
      tokenBaseUrl: 'https://sandbox.zenodo.org'
    });
    expect(elsewhere.token).toBeUndefined();

    // Saved before tokens were bound: no URL, so it goes nowhere.
    const unbound = new ZenodoConnection();
    unbound.update({ baseUrl: 'https://zenodo.org', token: 'old' });
    expect(unbound.token).toBeUndefined();
  });
});

describe('ZenodoConnection saved tokens', () => {
  it('keeps the session token while the URL is saved, and forgets with the saved one', () => {
    const connection = new ZenodoConnection();
    connection.update({ baseUrl: 'https://zenodo.org' });
    connection.token = 'typed';
    // Saving writes the URL first, then the token.
    connection.update({ tokenBaseUrl: 'https://zenodo.org' });
    expect(connection.token).toBe('typed');
    connection.update({ tokenBaseUrl: 'https://zenodo.org', token: 'typed' });
    expect(connection.token).toBe('typed');
    connection.update({ tokenBaseUrl: '', token: '' });
    expect(connection.token).toBeUndefined();
  });
});
