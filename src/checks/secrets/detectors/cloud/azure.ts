import { decodesToLength, mixesLettersAndDigits } from '../checksum.js';
import type { Confirmation, SecretDetector } from '../../types.js';

export const azureStorageAccountKey: SecretDetector = {
  id: 'azure-storage-account-key',
  title: 'Azure storage account key',
  severity: 'critical',
  keywords: ['accountkey', 'azure_storage', 'azure-storage'],
  pattern:
    /(?:AccountKey=|azure[_-]?storage[_-]?(?:account[_-]?)?(?:access[_-]?)?key["']?[ \t]{0,4}[:=][ \t]{0,4}["']?)(?<secret>[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])/i,
  // Account keys are 64 random bytes.
  minEntropy: 4,
  validate: (secret) => decodesToLength(secret, 64),
  remediation:
    'Rotate the key (Storage account > Access keys > Rotate, or `az storage account keys renew`), update consumers to the other key first, and prefer Entra ID or user-delegation SAS over shared keys.',
  references: ['https://learn.microsoft.com/azure/storage/common/storage-account-keys-manage'],
  aliases: { trufflehog: ['AzureStorage'] },
};

/** A SAS signature is only a credential next to the other SAS query parameters. */
function sasSignature(secret: string, match: RegExpExecArray): Confirmation | false {
  const start = Math.max(0, match.index - 600);
  const around = match.input.slice(start, match.index + match[0].length + 600);
  if (!/[?&;]s[ve]=\d{4}-\d\d-\d\d/.test(around)) return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(secret);
  } catch {
    return false;
  }
  // HMAC-SHA256 signature: 32 bytes.
  return decodesToLength(decoded, 32);
}

export const azureSasToken: SecretDetector = {
  id: 'azure-sas-token',
  title: 'Azure shared access signature (SAS) token',
  severity: 'high',
  keywords: ['sig='],
  pattern: /(?<![\w])sig=(?<secret>(?:[A-Za-z0-9+/]|%2[BbFf]){43}(?:=|%3[Dd])?)(?![A-Za-z0-9%+/=])/,
  validate: sasSignature,
  remediation:
    'Account and service SAS cannot be revoked individually: rotate the storage account key that signed it (or revoke the stored access policy / user delegation keys), then issue short-lived SAS tokens.',
  references: ['https://learn.microsoft.com/azure/storage/common/storage-sas-overview'],
};

export const azureAdClientSecret: SecretDetector = {
  id: 'azure-ad-client-secret',
  title: 'Microsoft Entra ID (Azure AD) client secret',
  severity: 'high',
  keywords: ['0q~', '1q~', '2q~', '3q~', '4q~', '5q~', '6q~', '7q~', '8q~', '9q~'],
  // Secrets issued since 2021 carry a version digit + `Q~` after three random characters.
  pattern: /(?<![\w~.-])(?<secret>[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?![\w~.-])/,
  minEntropy: 3.5,
  validate: mixesLettersAndDigits,
  remediation:
    'Delete the secret from the app registration (Certificates & secrets), add a new one or better a certificate / workload identity federation, and review sign-in logs of the service principal.',
  references: ['https://learn.microsoft.com/entra/identity-platform/how-to-add-credentials'],
  aliases: { gitleaks: ['azure-ad-client-secret'], trufflehog: ['Azure'] },
};

export const DETECTORS: SecretDetector[] = [azureStorageAccountKey, azureSasToken, azureAdClientSecret];
