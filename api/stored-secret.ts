import { SecretUnreadableError } from '../secrets/secret-cipher.js';
import { SecretMissingError, type SecretVault } from '../secrets/secret-vault.js';
import { fieldError } from './field-error.js';

/** The value of a stored secret; a 400 naming `field` when it is not stored (or cannot be read). */
export function storedSecret(vault: Pick<SecretVault, 'resolve'>, name: string, field: string): string {
  try {
    return vault.resolve('', { secret: name }).secret!;
  } catch (err) {
    if (err instanceof SecretMissingError || err instanceof SecretUnreadableError) throw fieldError(field, `names no stored secret '${name}' (ringmaster secret set ${name})`);
    throw err;
  }
}
