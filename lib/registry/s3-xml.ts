// The two XML documents S3 answers the api function's reads with: a ListObjectsV2 result page and an
// error body (S3 API reference, "ListObjectsV2" and "Error responses"). Only the elements the store reads.
// Listings are requested with encoding-type=url: keys and prefixes come URL-encoded (S3 writes a space as '+'),
// so any key survives XML 1.0, control characters included.

export interface ListPage {
  /** Object keys with their size and quoted ETag. */
  contents: { key: string; size: number; etag?: string }[];
  /** CommonPrefixes (with their trailing delimiter). */
  prefixes: string[];
  /** Set when IsTruncated: the token for the next page. */
  nextToken?: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML character data → text: the five named entities and numeric references. */
export function xmlText(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (m, e: string) => {
    if (e[0] !== '#') return ENTITIES[e] ?? m;
    return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

/** A URL-encoded key from an encoding-type=url listing ('+' is a space there). */
function urlDecoded(s: string): string {
  return decodeURIComponent(xmlText(s).replace(/\+/g, ' '));
}

/** The text of the first `<tag>` in `xml`, undefined when absent. */
function element(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  return m ? m[1] : undefined;
}

function blocks(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]);
}

/** One ListObjectsV2 page (requested with encoding-type=url). */
export function parseListPage(xml: string): ListPage {
  const contents = blocks(xml, 'Contents').map((c) => {
    const etag = element(c, 'ETag');
    return { key: urlDecoded(element(c, 'Key') ?? ''), size: Number(element(c, 'Size') ?? 0), ...(etag ? { etag: xmlText(etag) } : {}) };
  });
  const prefixes = blocks(xml, 'CommonPrefixes').map((p) => urlDecoded(element(p, 'Prefix') ?? ''));
  const truncated = element(xml, 'IsTruncated') === 'true';
  const token = element(xml, 'NextContinuationToken');
  return { contents, prefixes, ...(truncated && token ? { nextToken: xmlText(token) } : {}) };
}

/** Code and Message of an S3 error body (`<Error><Code>NoSuchKey</Code><Message>…</Message>…`); {} when it has none. */
export function parseErrorBody(xml: string): { code?: string; message?: string } {
  const code = element(xml, 'Code');
  const message = element(xml, 'Message');
  return { ...(code ? { code: xmlText(code) } : {}), ...(message ? { message: xmlText(message) } : {}) };
}
