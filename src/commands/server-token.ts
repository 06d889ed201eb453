import { readFileSync } from 'node:fs';
import { KitError } from '../errors.js';

/**
 * The server token all instances share: the first line of `tokenFile`, else `KIT_SERVER_TOKEN`,
 * else undefined (the server makes a random one). Never taken from the command line, where `ps`
 * shows it to every user of the machine.
 */
export function readServerToken(
  tokenFile: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  let token: string | undefined;
  if (tokenFile !== undefined) {
    try {
      token = readFileSync(tokenFile, 'utf8').split('\n')[0]?.trim();
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new KitError('KIT_BAD_OPTION', `Cannot read the token file "${tokenFile}" (${why}).`);
    }
  } else token = env.KIT_SERVER_TOKEN?.trim();
  if (token === undefined || (tokenFile === undefined && token === '')) return undefined;
  if (!/^[A-Za-z0-9_-]{24,}$/.test(token)) {
    throw new KitError(
      'KIT_BAD_OPTION',
      `The server token from ${tokenFile ? `"${tokenFile}"` : 'KIT_SERVER_TOKEN'} must be 24 or more letters, digits, - or _ (e.g. \`openssl rand -hex 24\`).`,
    );
  }
  return token;
}
