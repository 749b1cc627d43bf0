/**
 * A minimal POSIX ustar writer for the console's export download (a kb folder as one file that
 * `tar -xf` unpacks). Regular files only; names longer than 100 bytes use the ustar prefix field.
 */

const BLOCK = 512;

function field(buf: Buffer, offset: number, length: number, value: string): void {
  buf.write(value, offset, Math.min(length, Buffer.byteLength(value)), "utf8");
}

const octal = (n: number, digits: number) => `${n.toString(8).padStart(digits, "0")}\0`;

function header(name: string, size: number, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  let prefix = "";
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf("/", 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new Error(`name too long for tar: ${name}`);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  field(h, 0, 100, base);
  field(h, 100, 8, octal(0o644, 7));
  field(h, 108, 8, octal(0, 7));
  field(h, 116, 8, octal(0, 7));
  field(h, 124, 12, octal(size, 11));
  field(h, 136, 12, octal(mtime, 11));
  h.fill(0x20, 148, 156); // checksum is computed with its own field as spaces
  field(h, 156, 1, "0");
  field(h, 257, 6, "ustar\0");
  field(h, 263, 2, "00");
  field(h, 345, 155, prefix);
  let sum = 0;
  for (const byte of h) sum += byte;
  field(h, 148, 8, `${sum.toString(8).padStart(6, "0")}\0 `);
  return h;
}

/** Files (path → text) as a tar archive. */
export function tarArchive(files: ReadonlyMap<string, string>, mtime = Math.floor(Date.now() / 1000)): Buffer {
  const parts: Buffer[] = [];
  for (const [name, text] of files) {
    const body = Buffer.from(text, "utf8");
    parts.push(header(name, body.length, mtime), body, Buffer.alloc((BLOCK - (body.length % BLOCK)) % BLOCK));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}
