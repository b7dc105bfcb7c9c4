'use strict';
/**
 * Users and personal access tokens known to the stand-in. The values are
 * fixed so that tests, the demo and the ui-tests agree without coordination;
 * they only ever work against the stand-in.
 */
const USERS = {
  demo: { id: 548524, username: 'demo-researcher' },
  other: { id: 28794, username: 'other-researcher' }
};

const TOKENS = {
  /** deposit:write deposit:actions; owns the seeded demo records. */
  write: 'standin-write-5f0c7d2e9a1b4c3d8e7f6a5b4c3d2e1f',
  /** A valid token without deposit scopes (reads, authenticated paging). */
  readonly: 'standin-readonly-0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d',
  /** Another user with deposit scopes who owns none of the demo records. */
  other: 'standin-other-7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b',
  /** deposit:write only: drafts and files, but no publish/edit/discard. */
  writeonly: 'standin-writeonly-3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f'
};

const TOKEN_INFO = {
  [TOKENS.write]: {
    user: USERS.demo,
    scopes: ['deposit:write', 'deposit:actions']
  },
  [TOKENS.readonly]: { user: USERS.demo, scopes: [] },
  [TOKENS.other]: {
    user: USERS.other,
    scopes: ['deposit:write', 'deposit:actions']
  },
  [TOKENS.writeonly]: { user: USERS.demo, scopes: ['deposit:write'] }
};

/** The scopes a Zenodo personal token can be given (its form's tick boxes). */
const SCOPES = ['deposit:write', 'deposit:actions', 'user:email'];

module.exports = { USERS, TOKENS, TOKEN_INFO, SCOPES };
