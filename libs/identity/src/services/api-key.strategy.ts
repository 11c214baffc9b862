import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Passport, type PassportStatic } from 'passport';
import { Strategy as CustomStrategy } from 'passport-custom';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { authErrors } from '../domain/auth-errors';
import type { Principal } from '../domain/principal';
import { presentedKey } from '../domain/presented-key';

export const API_KEY_STRATEGY = 'api-key';

// Each strategy instance gets its own Passport, so two hubs in one process (tests) never share one registration.
const ownPassport = new WeakMap<object, PassportStatic>();

/** Passport strategy: reads the key from the request headers and authenticates it; nothing else. */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(CustomStrategy, API_KEY_STRATEGY) {
  constructor(private readonly authenticator: ApiKeyAuthenticator) {
    super();
  }

  async validate(request: { headers: Record<string, string | string[] | undefined> }): Promise<Principal> {
    const presented = presentedKey(request.headers);
    if (!presented.ok)
      throw presented.reason === 'missing' ? authErrors.missingKey() : authErrors.invalidKey();
    return this.authenticator.authenticate(presented.key);
  }

  getPassportInstance(): PassportStatic {
    let instance = ownPassport.get(this);
    if (!instance) {
      instance = new Passport() as PassportStatic;
      ownPassport.set(this, instance);
    }
    return instance;
  }
}
