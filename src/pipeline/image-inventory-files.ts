import type { InventoryFile } from '../checks/vulnerabilities/inventory/inventory.js';
import type { ImageFile } from '../sources/image/layers/squash.js';

const utf8 = new TextDecoder('utf-8');

/** Lets extractInventory run over an image's files exactly as it runs over a directory. */
export async function* imageInventoryFiles(files: Iterable<ImageFile>): AsyncIterable<InventoryFile> {
  for (const file of files) {
    yield {
      path: file.path,
      read: async () => utf8.decode(file.bytes),
      readBytes: async () => file.bytes,
    };
  }
}
