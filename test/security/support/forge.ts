/**
 * The attacker who holds the key: builds v1 seals around arbitrary plaintext, so the battery
 * can check what `cookieSession()` does with payloads satchel itself never writes (hostile
 * deadlines, `__proto__` keys, non-objects). It follows the documented wire format
 * (`v1.<kid>.<salt>.<iv>.<ciphertext‖tag>`, AAD = length-prefixed version, kid, name, purpose,
 * context) with node:crypto only; if the format changes, T19/T20 fail loudly rather than pass.
 */
import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';

function field(value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** Where a forged seal claims to belong. */
export interface ForgeBinding {
  name: string;
  purpose?: string;
  context?: string;
}

/** Seals `plaintext` (any string, not necessarily JSON) under key `key` with id `kid`. */
export function forgeSeal(key: Buffer, kid: string, binding: ForgeBinding, plaintext: string): string {
  const purpose = binding.purpose ?? 'session';
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const messageKey = Buffer.from(hkdfSync('sha256', key, salt, `satchel/seal/v1/${purpose}`, 32));
  const cipher = createCipheriv('aes-256-gcm', messageKey, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.concat([field('satchel-seal-v1'), field(kid), field(binding.name), field(purpose), field(binding.context ?? 'parts=1')]));
  const body = Buffer.concat([cipher.update(Buffer.from(plaintext, 'utf8')), cipher.final(), cipher.getAuthTag()]);
  return ['v1', kid, salt.toString('base64url'), iv.toString('base64url'), body.toString('base64url')].join('.');
}

/** A well-formed plaintext with the given times and data, fields overridable with raw JSON text. */
export function payloadText(now: number, data: string, overrides: Partial<Record<'iat' | 'cat' | 'exp' | 'abs', string>> = {}): string {
  const iat = overrides.iat ?? String(now);
  const cat = overrides.cat ?? String(now);
  const exp = overrides.exp ?? String(now + 60_000);
  const abs = overrides.abs ?? String(now + 120_000);
  return `{"iat":${iat},"cat":${cat},"exp":${exp},"abs":${abs},"d":${data}}`;
}
